import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageLoader } from '../components/ui/page-loader';
import { paths } from '../config/paths';
import { PublicOnly, RequireCompleteProfile, RequireModerator, RequireSession } from './guards';
import { AppLayout } from './layout/app-layout';
import { AuthLayout } from './layout/auth-layout';
import { RootLayout } from './layout/root-layout';
import { RouteError } from './routes/route-error';

/** Pages load on demand; the shell, guards and layouts are in the first bundle. */
const router = createBrowserRouter([
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
    children: [
      {
        element: <AuthLayout />,
        children: [
          {
            element: <PublicOnly />,
            children: [
              {
                path: paths.login,
                lazy: async () => ({ Component: (await import('./routes/auth/login')).LoginRoute }),
              },
              {
                path: paths.register,
                lazy: async () => ({ Component: (await import('./routes/auth/register')).RegisterRoute }),
              },
              {
                path: paths.forgotPassword,
                lazy: async () => ({
                  Component: (await import('./routes/auth/forgot-password')).ForgotPasswordRoute,
                }),
              },
            ],
          },
          // Mailed links work signed in or not (they may be opened in another browser).
          {
            path: paths.resetPassword,
            lazy: async () => ({
              Component: (await import('./routes/auth/reset-password')).ResetPasswordRoute,
            }),
          },
          {
            path: paths.verifyEmail,
            lazy: async () => ({ Component: (await import('./routes/auth/verify-email')).VerifyEmailRoute }),
          },
        ],
      },
      {
        element: <RequireSession />,
        children: [
          {
            element: <AppLayout showNavigation={false} />,
            children: [
              {
                path: paths.onboarding,
                lazy: async () => ({ Component: (await import('./routes/app/onboarding')).OnboardingRoute }),
              },
              {
                // Not a router `lazy`: the router would fetch it before the guard runs. The guard renders the
                // console (React.lazy) only for staff, so members never download its chunk.
                path: paths.moderation,
                element: <RequireModerator />,
              },
            ],
          },
          {
            element: <AppLayout />,
            children: [
              {
                element: <RequireCompleteProfile />,
                children: [
                  {
                    index: true,
                    lazy: async () => ({ Component: (await import('./routes/app/home')).HomeRoute }),
                  },
                  {
                    path: paths.profile,
                    lazy: async () => ({ Component: (await import('./routes/app/profile')).ProfileRoute }),
                  },
                  {
                    path: paths.discover,
                    lazy: async () => ({ Component: (await import('./routes/app/discover')).DiscoverRoute }),
                  },
                  {
                    path: paths.likes,
                    lazy: async () => ({ Component: (await import('./routes/app/likes')).LikesRoute }),
                  },
                  {
                    path: paths.matches,
                    lazy: async () => ({ Component: (await import('./routes/app/matches')).MatchesRoute }),
                  },
                  {
                    path: paths.match,
                    lazy: async () => ({ Component: (await import('./routes/app/match')).MatchRoute }),
                  },
                  {
                    path: paths.chat,
                    lazy: async () => ({ Component: (await import('./routes/app/chat')).ChatRoute }),
                  },
                  {
                    path: paths.photos,
                    lazy: async () => ({ Component: (await import('./routes/app/photos')).PhotosRoute }),
                  },
                  {
                    path: paths.settings,
                    lazy: async () => ({ Component: (await import('./routes/app/settings')).SettingsRoute }),
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        path: '*',
        lazy: async () => ({ Component: (await import('./routes/not-found')).NotFoundRoute }),
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
