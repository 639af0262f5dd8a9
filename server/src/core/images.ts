/**
 * Kept for the rules that still import it: the image knowledge lives in `knowledge/` (one module,
 * data tables with a cited source per row).
 */
export { imageName, knownInitImage } from './knowledge';
