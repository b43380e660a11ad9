import type { RenderingEngine, StackViewport, Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { type Backend, type Cornerstone, TOOL, type ToolName } from './cornerstone.client';
import { listen } from './debug';
import { ImageCatalog } from './image-catalog';

type Listenable = Parameters<typeof listen>[0];

const MEASUREMENT_TOOLS: ToolName[] = [
  TOOL.Length,
  TOOL.Bidirectional,
  TOOL.EllipticalROI,
  TOOL.RectangleROI,
];

/**
 * Everything one viewer mount owns in cornerstone: its rendering engine, stack viewports, tool
 * group, image catalog, listeners and synchronizers. `dispose()` undoes all of it in reverse, so a
 * mount/unmount cycle leaves nothing behind but the next read's images the catalog retained.
 */
export class ViewerSession {
  readonly engine: RenderingEngine;
  readonly toolGroup: ToolTypes.IToolGroup;
  readonly viewportIds: string[];
  readonly catalog: ImageCatalog;
  disposed = false;
  private readonly cleanups = new Set<() => void>();
  private primary: ToolName = TOOL.WindowLevel;

  constructor(
    readonly cs: Cornerstone,
    readonly id: string,
    elements: HTMLDivElement[],
    readonly backend: Backend,
  ) {
    const { core, tools } = cs;
    const engine = new core.RenderingEngine(id);
    this.engine = engine;
    this.viewportIds = elements.map((_, i) => `${id}-vp${i}`);
    engine.setViewports(
      elements.map((element, i) => ({
        viewportId: this.viewportIds[i]!,
        type: core.Enums.ViewportType.STACK,
        element,
        defaultOptions: { background: [0, 0, 0] as Types.Point3 },
      })),
    );
    const group = tools.ToolGroupManager.createToolGroup(`${id}-tools`);
    if (!group) {
      engine.destroy();
      throw new Error(`tool group ${id}-tools already exists`);
    }
    for (const name of Object.values(TOOL)) group.addTool(name);
    for (const viewportId of this.viewportIds) group.addViewport(viewportId, id);
    const { MouseBindings } = tools.Enums;
    group.setToolActive(TOOL.WindowLevel, { bindings: [{ mouseButton: MouseBindings.Primary }] });
    group.setToolActive(TOOL.Pan, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    group.setToolActive(TOOL.Zoom, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
    group.setToolActive(TOOL.StackScroll, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
    // Passive measurement tools still draw their annotations and let the reader move or select them.
    for (const name of MEASUREMENT_TOOLS) group.setToolPassive(name);
    this.toolGroup = group;
    this.catalog = new ImageCatalog(cs, window.location.origin);
    // The right button zooms; the browser menu would interrupt the drag.
    for (const element of elements) this.listen(element, 'contextmenu', (e: Event) => e.preventDefault());
  }

  viewport(index: number): StackViewport | undefined {
    const id = this.viewportIds[index];
    if (this.disposed || !id) return undefined;
    return this.engine.getViewport<StackViewport>(id) ?? undefined;
  }

  indexOf(viewportId: string | undefined): number {
    return viewportId ? this.viewportIds.indexOf(viewportId) : -1;
  }

  /** Makes `name` the primary-button tool; the previous one goes passive (keeping other bindings). */
  setPrimaryTool(name: ToolName) {
    if (this.disposed || name === this.primary) return;
    this.toolGroup.setToolPassive(this.primary);
    this.toolGroup.setToolActive(name, {
      bindings: [{ mouseButton: this.cs.tools.Enums.MouseBindings.Primary }],
    });
    this.primary = name;
  }

  /** A counted listener, removed on dispose; the returned function removes it earlier. */
  listen<E extends Event = CustomEvent>(target: Listenable, type: string, handler: (evt: E) => void) {
    return this.own(listen(target, type, handler));
  }

  /** Runs `cleanup` on dispose; the returned function runs it now instead (once). */
  own(cleanup: () => void): () => void {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      this.cleanups.delete(run);
      cleanup();
    };
    this.cleanups.add(run);
    return run;
  }

  /** This mount's annotations: those drawn on an image the catalog knows. */
  annotations(): ToolTypes.Annotation[] {
    return this.cs.tools.annotation.state
      .getAllAnnotations()
      .filter((a) => this.catalog.ref(a.metadata?.referencedImageId) !== undefined);
  }

  dispose() {
    if (this.disposed) return;
    for (const cleanup of [...this.cleanups].reverse()) cleanup();
    const { annotation, ToolGroupManager } = this.cs.tools;
    // Listeners are gone, so removing the annotations reports nothing to the form.
    for (const a of this.annotations()) annotation.state.removeAnnotation(a.annotationUID!);
    annotation.selection.deselectAnnotation();
    this.catalog.dispose();
    ToolGroupManager.destroyToolGroup(this.toolGroup.id);
    this.disposed = true;
    this.engine.destroy();
  }
}
