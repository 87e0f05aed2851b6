import type { Location } from '@dating/functions/contract';
import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { describedBy, FieldErrors } from '../../../components/ui/field';
import { messagesFor } from '../../../lib/form-errors';
import { cities, cityAt } from '../cities';
import type { SectionProps } from './section-props';

const CURRENT = 'current';

type Locating = { state: 'idle' } | { state: 'locating' } | { state: 'failed'; reason: string };

/** Two decimals (~1 km) is all distance matching needs; the exact position never leaves the device. */
const coarse = (value: number) => Math.round(value * 100) / 100;

function failureReason(error: GeolocationPositionError): string {
  if (error.code === error.PERMISSION_DENIED)
    return 'Location access was not allowed. Choose a city instead.';
  return 'Your location could not be found. Choose a city instead.';
}

export function LocationPicker({ draft, errors, onChange }: SectionProps) {
  const [locating, setLocating] = useState<Locating>({ state: 'idle' });
  const id = useId();
  const city = cityAt(draft.location);
  const fieldErrors = messagesFor(errors, 'location');
  const invalid = fieldErrors.length > 0;
  const setLocation = (location: Location) => onChange({ location });

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating({
        state: 'failed',
        reason: 'This browser cannot share your location. Choose a city instead.',
      });
      return;
    }
    setLocating({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({ lat: coarse(position.coords.latitude), lon: coarse(position.coords.longitude) });
        setLocating({ state: 'idle' });
      },
      (error) => setLocating({ state: 'failed', reason: failureReason(error) }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 10 * 60_000 },
    );
  };

  const status =
    locating.state === 'locating'
      ? 'Finding your location…'
      : locating.state === 'failed'
        ? locating.reason
        : draft.location
          ? `Using ${city ? city.name : 'your current location'}.`
          : 'No location chosen yet.';

  return (
    <section className="card form-section" aria-labelledby="profile-location">
      <h2 id="profile-location">Where you are</h2>
      <p id={`${id}-hint`} className="field__hint">
        Used to find people near you. Others only ever see a distance in whole kilometres.
      </p>
      <div className="location-picker">
        <Button variant="secondary" onClick={locate} pending={locating.state === 'locating'}>
          Use my current location
        </Button>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-city`}>
            Or choose a city
          </label>
          <select
            id={`${id}-city`}
            name="city"
            value={city ? city.name : draft.location ? CURRENT : ''}
            onChange={(event) => {
              const chosen = cities.find((candidate) => candidate.name === event.currentTarget.value);
              if (chosen) setLocation(chosen.location);
            }}
            aria-describedby={describedBy(invalid && `${id}-error`, `${id}-hint`, `${id}-status`)}
            aria-invalid={invalid || undefined}
          >
            <option value="" disabled>
              Choose a city
            </option>
            {draft.location && !city && <option value={CURRENT}>My current location</option>}
            {cities.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id={`${id}-status`} className="location-picker__status" role="status">
        {status}
      </p>
      <FieldErrors id={`${id}-error`} errors={fieldErrors} />
    </section>
  );
}
