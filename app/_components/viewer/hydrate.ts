import type { Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { SavedMeasurement } from '@/lib/dicom/measurement';
import type { ViewerSession } from './session';
import type { ViewerSeries } from './types';

const ORIGIN: Types.Point3 = [0, 0, 0];

/**
 * Draws a saved measurement again, with its saved annotation UID, on the image it was made on.
 * The image is loaded first because Part 10 images have no plane metadata (frame of reference)
 * until then. The annotation goes into its frame of reference's group, so it appears whenever a
 * viewport scrolls to that image; its stats are recomputed when it is first drawn.
 */
export async function hydrateAnnotation(
  session: ViewerSession,
  series: ViewerSeries,
  m: SavedMeasurement,
  stillWanted: () => boolean,
): Promise<void> {
  const { core, tools } = session.cs;
  try {
    await session.catalog.stack(series);
    const imageId = session.catalog.imageIdFor(m.seriesInstanceUid, m.sopInstanceUid, m.frame);
    if (!imageId || session.disposed) return;
    await session.catalog.load(imageId, 'interaction');
    if (session.disposed || !stillWanted() || tools.annotation.state.getAnnotation(m.annotationUid)) return;
    const plane = core.metaData.get('imagePlaneModule', imageId) as
      { frameOfReferenceUID?: string } | undefined;
    const frameOfReference = plane?.frameOfReferenceUID;
    const annotation: ToolTypes.Annotation = {
      annotationUID: m.annotationUid,
      highlighted: false,
      invalidated: true,
      isLocked: false,
      isVisible: true,
      metadata: {
        toolName: m.tool,
        FrameOfReferenceUID: frameOfReference as string,
        referencedImageId: imageId,
      },
      data: {
        handles: {
          points: m.points.map((p) => [...p] as Types.Point3),
          activeHandleIndex: null,
          // The tools read the text box's state when they draw, so a redrawn one needs it too.
          textBox: {
            hasMoved: false,
            worldPosition: [...ORIGIN] as Types.Point3,
            worldBoundingBox: {
              topLeft: [...ORIGIN] as Types.Point3,
              topRight: [...ORIGIN] as Types.Point3,
              bottomLeft: [...ORIGIN] as Types.Point3,
              bottomRight: [...ORIGIN] as Types.Point3,
            },
          },
        },
        cachedStats: {},
        label: '',
      },
    };
    // With no frame of reference the tools file annotations under `undefined`; so does this.
    tools.annotation.state.addAnnotation(annotation, frameOfReference as string);
    tools.utilities.triggerAnnotationRenderForViewportIds(session.viewportIds);
  } catch {
    // The image is gone or unreadable: its viewport already says so; the form keeps the value.
  }
}
