import {
  Circle,
  Contrast,
  Hand,
  Link2,
  Loader2,
  Maximize,
  MoveDiagonal2,
  RectangleHorizontal,
  RotateCcw,
  Ruler,
  WandSparkles,
  ZoomIn,
  type LucideIcon,
} from 'lucide-react';
import { Button } from '@/app/_components/ui/button';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { cn } from '@/lib/ui/cn';
import { TOOL, type ToolName } from './cornerstone.client';
import type { AutoSizeState } from './use-auto-size';
import type { VoiPreset } from './voi-presets';

/** The toolbar's tools, with the key that selects each (shown in its title). */
export const TOOLBAR_TOOLS: { name: ToolName; label: string; key: string; icon: LucideIcon }[] = [
  { name: TOOL.WindowLevel, label: 'Window/level', key: 'w', icon: Contrast },
  { name: TOOL.Pan, label: 'Pan', key: 'p', icon: Hand },
  { name: TOOL.Zoom, label: 'Zoom', key: 'z', icon: ZoomIn },
  { name: TOOL.Length, label: 'Length', key: 'l', icon: Ruler },
  { name: TOOL.Bidirectional, label: 'Bidirectional', key: 'b', icon: MoveDiagonal2 },
  { name: TOOL.EllipticalROI, label: 'Ellipse', key: 'e', icon: Circle },
  { name: TOOL.RectangleROI, label: 'Rectangle', key: 'r', icon: RectangleHorizontal },
];
export const AUTO_SIZE_KEY = 'a';

function ToolButton(props: {
  label: string;
  title: string;
  icon: LucideIcon;
  pressed?: boolean;
  disabled?: boolean;
  onClick: () => void;
}) {
  const Icon = props.icon;
  return (
    <Button
      type="button"
      size="sm"
      variant={props.pressed ? 'default' : 'ghost'}
      aria-label={props.label}
      aria-pressed={props.pressed}
      title={props.title}
      disabled={props.disabled}
      onClick={props.onClick}
      className="px-2"
    >
      <Icon aria-hidden />
    </Button>
  );
}

export function Toolbar(props: {
  disabled: boolean;
  activeTool: ToolName;
  onTool: (name: ToolName) => void;
  presets: VoiPreset[];
  onPreset: (id: string) => void;
  onFit: () => void;
  onReset: () => void;
  sync: boolean;
  syncAvailable: boolean;
  onSync: () => void;
  autoSize: AutoSizeState | null;
  onAutoSize: () => void;
  status: string | null;
}) {
  const { disabled, autoSize } = props;
  return (
    <div
      className="flex flex-wrap items-center gap-1 border-b bg-card px-2 py-1"
      role="toolbar"
      aria-label="Viewer tools"
    >
      {TOOLBAR_TOOLS.map((t) => (
        <ToolButton
          key={t.name}
          label={t.label}
          title={`${t.label} (${t.key.toUpperCase()})`}
          icon={t.icon}
          pressed={props.activeTool === t.name && !autoSize?.armed}
          disabled={disabled}
          onClick={() => props.onTool(t.name)}
        />
      ))}
      {autoSize && (
        <ToolButton
          label="Auto size"
          title={`Auto size: drag from the lesion's centre to draw an ellipse around it (${AUTO_SIZE_KEY.toUpperCase()})`}
          icon={autoSize.progress ? Loader2 : WandSparkles}
          pressed={autoSize.armed}
          disabled={disabled || !!autoSize.progress}
          onClick={props.onAutoSize}
        />
      )}
      <span className="mx-1 h-6 w-px bg-border" aria-hidden />
      <NativeSelect
        aria-label="Window/level preset for the active viewport"
        title="Window/level preset for the active viewport"
        className="h-8 w-44 text-xs"
        value=""
        disabled={disabled}
        onChange={(e) => e.target.value && props.onPreset(e.target.value)}
      >
        <option value="">W/L preset…</option>
        {props.presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </NativeSelect>
      <ToolButton
        label="Fit"
        title="Fit the image to the viewport"
        icon={Maximize}
        disabled={disabled}
        onClick={props.onFit}
      />
      <ToolButton
        label="Reset"
        title="Reset zoom, pan and window/level"
        icon={RotateCcw}
        disabled={disabled}
        onClick={props.onReset}
      />
      <ToolButton
        label="Sync scroll"
        title={
          props.syncAvailable
            ? 'Scroll series with the same frame of reference together'
            : 'Sync scroll: no two viewports share a frame of reference yet'
        }
        icon={Link2}
        pressed={props.sync}
        disabled={disabled}
        onClick={props.onSync}
      />
      <p
        role="status"
        aria-live="polite"
        className={cn('ml-auto min-w-0 truncate px-2 text-xs', props.status ? 'text-foreground' : 'sr-only')}
      >
        {props.status ?? ''}
      </p>
    </div>
  );
}
