'use client';

import { createContext, useContext } from 'react';
import type { TFeature } from '@/lib/lexicon/schema';

/**
 * Connects measurement features of the form to a viewer beside it. Without a provider (the
 * lexicon try-out page) numeric fields are plain inputs.
 */
export type MeasurementBridge = {
  /** The field path waiting for the next annotation, or null. */
  armed: string | null;
  arm: (path: string, feature: TFeature) => void;
  cancel: () => void;
  /** Field paths that hold a value measured on the images, with a short description. */
  measured: Record<string, string>;
  /** Why the last measurement for a field was refused (e.g. not in physical mm). */
  refused: Record<string, string>;
};

export const MeasurementBridgeContext = createContext<MeasurementBridge | null>(null);

export const useMeasurementBridge = () => useContext(MeasurementBridgeContext);
