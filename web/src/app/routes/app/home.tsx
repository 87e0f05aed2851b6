import { Link } from 'react-router';
import { PageHeading } from '../../../components/ui/page-heading';
import { paths } from '../../../config/paths';
import { useMe } from '../../../lib/current-user';

const destinations = [
  { to: paths.discover, title: 'Discover', text: 'People near you who are looking for someone like you.' },
  { to: paths.matches, title: 'Matches', text: 'Everyone who liked you back, and your conversations.' },
  { to: paths.photos, title: 'Photos', text: 'Add up to six photos; a profile needs one to be seen.' },
  { to: paths.profile, title: 'Profile', text: 'Your details, preferences, interests and prompts.' },
  { to: paths.settings, title: 'Settings', text: 'Password, privacy, your data and your account.' },
];

export function HomeRoute() {
  const me = useMe();
  return (
    <>
      <PageHeading title="Home">{me.data ? `Signed in as ${me.data.email}.` : null}</PageHeading>
      <ul className="tiles">
        {destinations.map((destination) => (
          <li key={destination.to}>
            <Link className="tile card" to={destination.to}>
              <h2 className="tile__title">{destination.title}</h2>
              <p className="tile__text">{destination.text}</p>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
