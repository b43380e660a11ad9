import { uidFrom } from '../uid';
import { writePart10 } from '../write-part10';
import {
  breastMammoPhantom,
  MAMMO_VIEWS,
  type BreastPhantomOptions,
  type BreastTruth,
  type MammoView,
} from './breast-mammo';
import { checkCaseKey, optionsKey, syntheticCaseHeaders, type DicomFile } from './glioma-dicom';

export type BreastCaseDicom = { studyInstanceUid: string; files: DicomFile[]; truth: BreastTruth };

/** Digital Mammography X-Ray Image Storage – For Presentation. */
export const MG_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.2';
export const PIXEL_SPACING_CALIBRATION = 'Synthetic phantom: pixel spacing is the true object scale';

/** SNOMED CT view codes, as the Mammography Image module asks for in ViewCodeSequence. */
const VIEW_CODE: Record<MammoView, { CodeValue: string; CodeMeaning: string }> = {
  CC: { CodeValue: '399162004', CodeMeaning: 'cranio-caudal' },
  MLO: { CodeValue: '399368009', CodeMeaning: 'medio-lateral oblique' },
};

/**
 * Row and column directions of each view: the chest wall is at the image's left for a left breast
 * (so columns run anterior) and at its right for a right breast, lateral side up on the CC.
 */
const PATIENT_ORIENTATION: Record<'L' | 'R', Record<MammoView, [string, string]>> = {
  L: { CC: ['A', 'R'], MLO: ['A', 'FR'] },
  R: { CC: ['P', 'L'], MLO: ['P', 'FL'] },
};

/**
 * A breast phantom case as DICOM: a CC and an MLO of one breast, each its own MG series, stored
 * as For Presentation images. Pixel spacing is calibrated (GEOMETRY) because the phantom has no
 * magnification: a calliper on the image measures the object. Deterministic by (caseKey, seed).
 */
export function breastCaseDicom(input: {
  caseKey: string;
  seed: number;
  phantom?: BreastPhantomOptions;
}): BreastCaseDicom {
  const { caseKey, seed } = input;
  checkCaseKey(caseKey);
  const { views, truth } = breastMammoPhantom(seed, input.phantom);
  const base = [caseKey, String(seed), optionsKey(input.phantom), 'breast-mammo'];
  const studyInstanceUid = uidFrom(...base, 'study');
  const caseHeaders = syntheticCaseHeaders(
    caseKey,
    studyInstanceUid,
    'MG SCREENING BILATERAL (synthetic phantom)',
  );

  const files = MAMMO_VIEWS.map((view, v): DicomFile => {
    const image = views[view];
    const seriesDescription = `${truth.laterality} ${view}`;
    const seriesInstanceUid = uidFrom(...base, 'series', view);
    const sopInstanceUid = uidFrom(...base, 'instance', view);
    const spacing = [image.pixelMm, image.pixelMm];
    const bytes = writePart10({
      SOPClassUID: MG_FOR_PRESENTATION,
      SOPInstanceUID: sopInstanceUid,
      ...caseHeaders,
      Modality: 'MG',
      SeriesInstanceUID: seriesInstanceUid,
      SeriesNumber: v + 1,
      SeriesDescription: seriesDescription,
      ProtocolName: seriesDescription,
      BodyPartExamined: 'BREAST',
      PresentationIntentType: 'FOR PRESENTATION',
      // Simulated, not exposed: DERIVED keeps the phantom from posing as an acquisition.
      ImageType: ['DERIVED', 'PRIMARY'],
      InstanceNumber: 1,
      ImageLaterality: truth.laterality,
      ViewPosition: view,
      PatientOrientation: PATIENT_ORIENTATION[truth.laterality][view],
      ViewCodeSequence: [{ ...VIEW_CODE[view], CodingSchemeDesignator: 'SCT', ViewModifierCodeSequence: [] }],
      AnatomicRegionSequence: [
        { CodeValue: '76752008', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Breast' },
      ],
      PositionerType: 'MAMMOGRAPHIC',
      BreastImplantPresent: 'NO',
      ImagerPixelSpacing: spacing,
      PixelSpacing: spacing,
      PixelSpacingCalibrationType: 'GEOMETRY',
      PixelSpacingCalibrationDescription: PIXEL_SPACING_CALIBRATION,
      EstimatedRadiographicMagnificationFactor: 1,
      Rows: image.rows,
      Columns: image.columns,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      PixelIntensityRelationship: 'LOG',
      PixelIntensityRelationshipSign: 1,
      RescaleIntercept: 0,
      RescaleSlope: 1,
      RescaleType: 'US',
      PresentationLUTShape: 'IDENTITY',
      LossyImageCompression: '00',
      // Fat dark grey, glandular tissue light, the mass near white (see breast-mammo's levels).
      WindowCenter: 1750,
      WindowWidth: 2700,
      PixelData: image.data,
    });
    return {
      bytes,
      studyInstanceUid,
      seriesInstanceUid,
      sopInstanceUid,
      seriesDescription,
      instanceNumber: 1,
    };
  });
  return { studyInstanceUid, files, truth };
}
