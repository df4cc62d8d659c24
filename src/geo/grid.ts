import { METRES_PER_DEGREE, type LatLng } from './sphere.js';

/**
 * A public, location-independent grid of roughly square cells of `sizeMetres`: latitude bands of
 * fixed height, each band cut into equal longitude steps sized for the band's centre latitude.
 * Because the grid never depends on the true point, snapping to it is safe post-processing.
 */
export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

function bandStep(sizeMetres: number): number {
  return Math.min(180, sizeMetres / METRES_PER_DEGREE);
}

function bandCentre(index: number, step: number): number {
  return Math.max(-90, Math.min(90, -90 + (index + 0.5) * step));
}

function lngStep(sizeMetres: number, lat: number): number {
  const cos = Math.cos((lat * Math.PI) / 180);
  const columns = Math.max(1, Math.floor((360 * cos * METRES_PER_DEGREE) / sizeMetres));
  return 360 / columns;
}

function clampIndex(index: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, index));
}

/** Band index range whose centres lie within [south, north] (widest valid when the box is thin). */
function bandRange(box: BoundingBox, step: number): [number, number] {
  const lo = Math.ceil((box.south + 90) / step - 0.5);
  const hi = Math.floor((box.north + 90) / step - 0.5);
  return lo <= hi ? [lo, hi] : [lo, lo];
}

/** The centre of the grid cell that contains the point, optionally restricted to cells centred inside `box`. */
export function snapToGrid(point: LatLng, sizeMetres: number, box?: BoundingBox): LatLng {
  const step = bandStep(sizeMetres);
  const bands = Math.ceil(180 / step);
  let band = clampIndex(Math.floor((point.lat + 90) / step), 0, bands - 1);
  if (box) band = clampIndex(band, ...bandRange(box, step));
  const lat = bandCentre(band, step);
  const lngSize = lngStep(sizeMetres, lat);
  let column = Math.floor((point.lng + 180) / lngSize);
  if (box) {
    const lo = Math.ceil((box.west + 180) / lngSize - 0.5);
    const hi = Math.floor((box.east + 180) / lngSize - 0.5);
    column = clampIndex(column, lo, Math.max(lo, hi));
  }
  return { lat, lng: -180 + (column + 0.5) * lngSize };
}

/** The closest point of an (antimeridian-free) box: coordinate-wise clamping. */
export function clampToBox(point: LatLng, box: BoundingBox): LatLng {
  return {
    lat: Math.max(box.south, Math.min(box.north, point.lat)),
    lng: Math.max(box.west, Math.min(box.east, point.lng)),
  };
}

export function insideBox(point: LatLng, box: BoundingBox): boolean {
  return point.lat >= box.south && point.lat <= box.north && point.lng >= box.west && point.lng <= box.east;
}
