/** The console's pages. Signed out, every path shows the sign-in page (and comes back after). */
import { Route, Routes } from 'react-router';
import { CALLBACK_PATH } from './auth/oidc';
import { OidcCallback } from './auth/OidcCallback';
import { useSession } from './auth/session';
import { SignInPage } from './auth/SignInPage';
import { Layout } from './components/Layout';
import { AuditPage } from './pages/AuditPage';
import { DeployPage } from './pages/DeployPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { PromotionPage } from './pages/PromotionPage';
import { RunPage } from './pages/RunPage';

export function App() {
  const session = useSession();
  return (
    <Routes>
      <Route path={CALLBACK_PATH} element={<OidcCallback />} />
      {session ? (
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="promotions/:promotionId" element={<PromotionPage />} />
          <Route path="promotions/:promotionId/deploy" element={<DeployPage />} />
          <Route path="runs/:runId" element={<RunPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      ) : (
        <Route path="*" element={<SignInPage />} />
      )}
    </Routes>
  );
}
