// Builds the test models (public/models/fixtures/, git-ignored) once before
// the unit tests, when they are missing or out of date. About a second.
import { buildFixtures } from '../../../scripts/build-fixtures.ts';

export default async function setup(): Promise<void> {
  await buildFixtures();
}
