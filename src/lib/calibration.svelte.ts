// Settings → Calibration: calibration files made by `claimlens calibrate` on
// the user's own labelled claims, imported here and kept in the Dexie
// `settings` table (calibration:<verifier>). The checker applies them to the
// feature verifier and to the model judge (workers/judge-check.ts).
import {
  CalibrationFileSchema,
  calibrationSettingKey,
  parseCalibration,
  type CalibratedVerifier,
  type CalibrationFile,
} from '../core/verify/calibration-file.ts';
import { MalformedFileError } from '../core/errors.ts';
import { askDb } from './ask/store.ts';
import { describeError, type UiMessage } from './messages.ts';

/** The app applies these (NLI alone is a CLI mode; in the app NLI is combined with features). */
export const APP_CALIBRATED: CalibratedVerifier[] = ['features', 'llm'];

class CalibrationState {
  imported = $state<Partial<Record<CalibratedVerifier, CalibrationFile>>>({});
  message = $state<UiMessage | null>(null);

  async refresh(): Promise<void> {
    const { db, getSetting } = await askDb();
    const out: Partial<Record<CalibratedVerifier, CalibrationFile>> = {};
    for (const v of APP_CALIBRATED) {
      // A damaged one is reported (and not applied by the checker either).
      const cal = await getSetting(db, calibrationSettingKey(v), CalibrationFileSchema);
      if (cal) out[v] = cal;
    }
    this.imported = out;
  }

  /** Reads a calibration file; says what is wrong with one that is not. */
  async importText(name: string, text: string): Promise<void> {
    this.message = null;
    try {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new MalformedFileError(`${name} is not JSON. Choose a file made by claimlens calibrate.`);
      }
      const cal = parseCalibration(json, name);
      if (!APP_CALIBRATED.includes(cal.verifier)) {
        throw new MalformedFileError(
          `${name} calibrates the NLI verifier alone, which the app does not use (it combines NLI with the features). Calibrate features or the model judge instead.`,
        );
      }
      const { db, setSetting } = await askDb();
      await setSetting(db, calibrationSettingKey(cal.verifier), cal);
      this.message = {
        title: 'Calibration imported',
        detail: `${cal.verifier === 'llm' ? `Model judge${cal.model ? ` ${cal.model}` : ''}` : 'Lexical features'}: fitted on ${cal.fittedOn.n} claims; the next checks use it.`,
        tone: 'info',
      };
      await this.refresh();
    } catch (err) {
      this.message = describeError(err);
    }
  }

  async remove(verifier: CalibratedVerifier): Promise<void> {
    const { db } = await askDb();
    await db.settings.delete(calibrationSettingKey(verifier));
    await this.refresh();
  }
}

export const calibrations = new CalibrationState();
