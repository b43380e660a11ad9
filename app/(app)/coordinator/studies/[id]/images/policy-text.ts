import type { PhiPolicy } from '@/lib/dicom/phi/policy';

export const PHI_POLICY_TEXT: Record<PhiPolicy, string> = {
  refuse:
    'Files carrying any attribute of the DICOM basic de-identification profile are refused and reported.',
  strip:
    'Files are de-identified on import with the DICOM basic profile; UIDs are remapped consistently within the study and cases get pseudonymous keys.',
  allow: 'Files are stored as they are (for data that is already de-identified, such as TCIA collections).',
};
