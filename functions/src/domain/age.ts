/** The age rule is shared with the SPA, so it lives in the contract; the domain's callers import it here. */
export { ageOn, MIN_AGE } from '../contract/age';
