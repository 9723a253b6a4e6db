// The timeline's lanes, axis and label placement live in shared/ so the report's SVG draws the same thing.
export { axisEnd, buildLanes, eventMarkers, placeLabels, ticks, type Lane, type Segment, type Tone } from '../../../shared/failover-lanes';
