// On phones the evidence panel is a bottom sheet that opens when the user picks
// a claim (components/EvidenceHost.svelte). The views that list claims call
// openEvidence() from their click handlers; the host that is on screen decides
// whether that means anything (on wide screens the panel is always visible).
// Automatic selections (the first claim after a check) never call it, so a
// sheet never pops up by itself.

type Opener = () => void;
let opener: Opener | null = null;

/** Asks the evidence host on screen to show the selected claim's evidence. */
export function openEvidence(): void {
  opener?.();
}

/** Called by the host when it mounts; returns the function to call when it unmounts. */
export function registerEvidenceHost(open: Opener): () => void {
  opener = open;
  return () => {
    if (opener === open) opener = null;
  };
}
