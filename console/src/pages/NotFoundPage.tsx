import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        The console has no page here. <Link to="/">Back to the queues</Link>
      </p>
    </>
  );
}
