import dicomParser from 'dicom-parser';

/**
 * Patient identity attributes blanked in every file the viewer receives. Readers never need
 * them, and a study's `allow` policy keeps them in storage (e.g. TCGA barcodes for joins).
 */
export const SERVED_REDACTIONS = [
  'x00100010', // PatientName
  'x00100020', // PatientID
  'x00100021', // IssuerOfPatientID
  'x00100030', // PatientBirthDate
  'x00100032', // PatientBirthTime
  'x00101000', // OtherPatientIDs
  'x00101001', // OtherPatientNames
  'x00101002', // OtherPatientIDsSequence (items walked below)
  'x00101005', // PatientBirthName
  'x00101040', // PatientAddress
  'x00101060', // PatientMotherBirthName
  'x00102154', // PatientTelephoneNumbers
  'x00080050', // AccessionNumber
  'x00080080', // InstitutionName
  'x00080081', // InstitutionAddress
  'x00080090', // ReferringPhysicianName
  'x00081050', // PerformingPhysicianName
  'x00081070', // OperatorsName
  'x00380010', // AdmissionID
] as const;

const REDACT = new Set<string>(SERVED_REDACTIONS);

type Element = {
  tag: string;
  dataOffset: number;
  length: number;
  items?: { dataSet?: { elements: Record<string, Element> } }[];
};

function blank(bytes: Uint8Array, elements: Record<string, Element>): number {
  let n = 0;
  for (const el of Object.values(elements)) {
    if (el.items) for (const item of el.items) if (item.dataSet) n += blank(bytes, item.dataSet.elements);
    if (!REDACT.has(el.tag) || el.items || el.length <= 0 || el.length === 0xffffffff) continue;
    // Same length, spaces: the file stays valid and nothing shifts.
    bytes.fill(0x20, el.dataOffset, el.dataOffset + el.length);
    n += 1;
  }
  return n;
}

/**
 * A copy of a stored DICOM file with the patient identity attributes overwritten by spaces,
 * in place, at every nesting level. Pixel data is not parsed or copied twice.
 */
export function redactForViewer(input: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(input);
  const dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  blank(bytes, dataSet.elements as unknown as Record<string, Element>);
  return bytes;
}
