// Sites that evidence links to but that are no longer online as they were
// when the corpus was made. The evidence panel says so next to the link, so
// that a dead link reads as the site's retirement, not as a fault of the app.

export interface RetiredSite {
  /** Host name; subdomains match too ("www.nihseniorhealth.gov"). */
  host: string;
  /** Year the site was retired. */
  retired: number;
  /** Where its content went, in words, if it moved. */
  movedTo?: string;
}

export const RETIRED_SITES: readonly RetiredSite[] = [
  // NIHSeniorHealth was retired in 2018; its topics went to the NIA and MedlinePlus.
  { host: 'nihseniorhealth.gov', retired: 2018, movedTo: 'nia.nih.gov and medlineplus.gov' },
  // Genetics Home Reference became MedlinePlus Genetics in 2020; old links redirect only in part.
  { host: 'ghr.nlm.nih.gov', retired: 2020, movedTo: 'medlineplus.gov/genetics' },
];

/** The retired site a URL points to, or undefined (also for no URL or an unreadable one). */
export function retiredSite(url: string | undefined): RetiredSite | undefined {
  if (!url) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return RETIRED_SITES.find((s) => host === s.host || host.endsWith(`.${s.host}`));
}

/** "retired site (2018); the link may not work" — the note shown next to the link, or undefined. */
export function retiredSiteNote(url: string | undefined): string | undefined {
  const site = retiredSite(url);
  return site ? `retired site (${site.retired}); the link may not work` : undefined;
}
