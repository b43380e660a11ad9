/**
 * What an import does with files that carry PHI: refuse them, strip them (the DICOM PS3.15
 * basic profile, with UIDs remapped consistently within the study), or allow them, for data
 * that is already de-identified (e.g. TCIA collections).
 */
export const PHI_POLICIES = ['refuse', 'strip', 'allow'] as const;
export type PhiPolicy = (typeof PHI_POLICIES)[number];
