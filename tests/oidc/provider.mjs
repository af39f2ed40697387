// A real OpenID provider for Min plan's login tests (issue 9): the certified
// `oidc-provider` package on 127.0.0.1. Usage: node provider.mjs <port> <app-base-url>
// Prints "ready <issuer>" when it listens.
//
// Clients: "minplan-person" (like ID-porten) and "minplan-staff" (like Entra ID).
// Accounts carry pid (person) or oid + NAVident (staff). The login page is our own
// tiny form: choose an account and the security level (acr) to log in at, so the
// tests can log in at a too low level. No consent screen: the grant is given at once.
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const app = (process.argv[3] || 'http://127.0.0.1:3000').replace(/\/$/, '');
const issuer = `http://127.0.0.1:${port}`;

const ACCOUNTS = {
  amina: { name: 'Amina Yusuf', pid: '01019912345' },
  ukjent: { name: 'Ukjent Person', pid: '02020254321' },
  veileder: { name: 'Kari Nordmann', oid: 'a1b2c3d4-0000-4000-8000-000000000001', NAVident: 'Z990001' },
};

const client = (id) => ({
  client_id: `minplan-${id}`,
  client_secret: `secret-${id}-for-tests-only`,
  redirect_uris: [`${app}/auth/oidc/${id}/callback`],
  post_logout_redirect_uris: [`${app}/login`],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: [client('person'), client('staff')],
  acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
  claims: { openid: ['sub', 'name', 'pid', 'oid', 'NAVident'] },
  conformIdTokenClaims: false,
  cookies: { keys: ['min-plan-test-cookie-key'] },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const acct = ACCOUNTS[id];
    if (!acct) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...acct }; } };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    await grant.save();
    return grant;
  },
});

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

provider.use(async (ctx, next) => {
  const m = ctx.path.match(/^\/interaction\/([\w-]+)$/);
  if (!m) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET') {
    const options = Object.keys(ACCOUNTS).map((a) => `<option value="${a}">${esc(ACCOUNTS[a].name)}</option>`).join('');
    ctx.type = 'html';
    ctx.body = `<!doctype html><html lang="nb"><head><meta name="viewport" content="width=device-width">
<title>Testinnlogging</title></head><body><h1>Testinnlogging</h1>
<form method="post" action="/interaction/${esc(details.uid)}">
<label for="account">Konto</label><select id="account" name="account">${options}</select>
<label for="acr">Sikkerhetsnivå</label><select id="acr" name="acr">
<option value="idporten-loa-high">Høyt</option><option value="idporten-loa-substantial">Betydelig</option></select>
<button type="submit">Logg inn hos testleverandøren</button></form></body></html>`;
    return undefined;
  }
  const form = await readForm(ctx.req);
  const result = ACCOUNTS[form.account]
    ? { login: { accountId: form.account, acr: form.acr || 'idporten-loa-high' } }
    : { error: 'access_denied', error_description: 'unknown test account' };
  const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(to);
  return undefined;
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
