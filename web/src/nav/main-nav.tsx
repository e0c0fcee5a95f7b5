import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/hash-route.ts';
import type { Route } from '../app/hash-route.ts';
import { useUser } from '../auth/use-auth.ts';
import { navFor } from './role-links.ts';

/** The role's entries; the current one is marked for assistive technology too. */
export function MainNav({ route }: { route: Route }) {
  const { t } = useTranslation();
  const user = useUser();
  const links = navFor(user?.role ?? null);
  return (
    <nav className="main-nav" aria-label={t('nav.label')} data-testid="main-nav">
      <ul>
        {links.map((link) => (
          <li key={link.key}>
            <a
              href={hrefFor(link.route)}
              data-testid={`nav-${link.key}`}
              aria-current={link.pages.includes(route.page) ? 'page' : undefined}
            >
              {t(`nav.${link.key}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
