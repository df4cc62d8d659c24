/** Spherical-earth geometry shared by the geo operators (mean radius, IUGG). */
export const EARTH_RADIUS_M = 6_371_008.8;
export const METRES_PER_DEGREE = (Math.PI * EARTH_RADIUS_M) / 180;

export interface LatLng {
  lat: number;
  lng: number;
}

const toRad = (deg: number): number => (deg * Math.PI) / 180;
const toDeg = (rad: number): number => (rad * 180) / Math.PI;

/** Longitude folded back into [-180, 180). */
export function wrapLongitude(lng: number): number {
  return ((((lng + 180) % 360) + 360) % 360) - 180;
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point reached from `from` after `distance` metres along `bearing` radians (from north, clockwise). */
export function destination(from: LatLng, distance: number, bearing: number): LatLng {
  const delta = distance / EARTH_RADIUS_M;
  const lat1 = toRad(from.lat);
  const lng1 = toRad(from.lng);
  const sinLat2 = Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(bearing);
  const lat2 = Math.asin(Math.max(-1, Math.min(1, sinLat2)));
  const y = Math.sin(bearing) * Math.sin(delta) * Math.cos(lat1);
  const x = Math.cos(delta) - Math.sin(lat1) * sinLat2;
  return { lat: toDeg(lat2), lng: wrapLongitude(toDeg(lng1 + Math.atan2(y, x))) };
}
