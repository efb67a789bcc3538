// The translation tables, one JSON file per area and language, shared by the CLI, the Electron
// main process and the renderer. An area (namespace) is owned by one part of the code; message codes
// from core are "namespace:key".
import enApp from './en/app.json' with { type: 'json' };
import enBundles from './en/bundles.json' with { type: 'json' };
import enCheck from './en/check.json' with { type: 'json' };
import enClients from './en/clients.json' with { type: 'json' };
import enCommon from './en/common.json' with { type: 'json' };
import enDiscover from './en/discover.json' with { type: 'json' };
import enRepair from './en/repair.json' with { type: 'json' };
import enPythons from './en/pythons.json' with { type: 'json' };
import enTrust from './en/trust.json' with { type: 'json' };
import enFleet from './en/fleet.json' with { type: 'json' };
import zhApp from './zh-CN/app.json' with { type: 'json' };
import zhBundles from './zh-CN/bundles.json' with { type: 'json' };
import zhCheck from './zh-CN/check.json' with { type: 'json' };
import zhClients from './zh-CN/clients.json' with { type: 'json' };
import zhCommon from './zh-CN/common.json' with { type: 'json' };
import zhDiscover from './zh-CN/discover.json' with { type: 'json' };
import zhPythons from './zh-CN/pythons.json' with { type: 'json' };
import zhRepair from './zh-CN/repair.json' with { type: 'json' };
import zhTrust from './zh-CN/trust.json' with { type: 'json' };
import zhFleet from './zh-CN/fleet.json' with { type: 'json' };

export { LANGUAGES, NAMESPACES, pickLanguage, type Language, type Namespace } from './languages.ts';
import type { Language, Namespace } from './languages.ts';

export const resources = {
  en: {
    common: enCommon,
    bundles: enBundles,
    discover: enDiscover,
    pythons: enPythons,
    clients: enClients,
    check: enCheck,
    repair: enRepair,
    trust: enTrust,
    fleet: enFleet,
    app: enApp,
  },
  'zh-CN': {
    common: zhCommon,
    bundles: zhBundles,
    discover: zhDiscover,
    pythons: zhPythons,
    clients: zhClients,
    check: zhCheck,
    repair: zhRepair,
    trust: zhTrust,
    fleet: zhFleet,
    app: zhApp,
  },
} as const satisfies Record<Language, Record<Namespace, object>>;
