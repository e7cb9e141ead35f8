import type { Request, Response } from 'express';

/** The pages' languages; the first is the fallback when the browser states no preference. */
export const LANGUAGES = ['en', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_COOKIE = 'gb_lang';

const en = {
  'app.name': 'Groupbridge',
  'app.skip': 'Skip to content',
  'lang.label': 'Language',
  'signIn.title': 'Sign in',
  'signIn.intro': 'Sign in with your Groupbridge username and password.',
  'signIn.username': 'Username',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.failed': 'Wrong username or password.',
  'signIn.throttled': 'Too many failed attempts. Try again in {seconds} seconds.',
  'signOut.submit': 'Sign out',
  'home.title': 'Groupbridge',
  'home.signedInAs': 'Signed in as {name} ({username}).',
  'error.title': 'Something went wrong',
  'error.400': 'The request could not be understood.',
  'error.403':
    'This form has expired or was not sent from this site. Go back, reload the page and try again.',
  'error.404': 'There is no such page.',
  'error.500': 'An internal error occurred (request {requestId}).',
  'error.home': 'Go to the start page',
  'consent.title': 'Allow access?',
  'consent.intro': '{app} asks to use Groupbridge on your behalf ({name}, {username}).',
  'consent.scopesIntro': 'If you allow it, the application will be able to:',
  'consent.basic': 'see your name and user ID, and use the group services as you',
  'consent.allow': 'Allow',
  'consent.deny': 'Deny',
  'consent.notYou': 'Not you?',
  'scope.offline_access':
    'keep this access until you revoke it (without it, access ends after two hours)',
  'scope.email': 'see your e-mail address',
  'scope.other_emails': "see other users' e-mail addresses",
  'scope.other': 'use the "{scope}" permission',
  'pin.title': 'Access granted',
  'pin.intro': 'Enter this PIN in {app} to finish:',
  'denied.title': 'Access denied',
  'denied.text': 'You have refused {app} access to your account. You can close this page.',
  'token.invalid.title': 'This link no longer works',
  'token.invalid.text':
    'The authorisation request is unknown, already used or expired. Return to the application and start again.',
};

export type MessageKey = keyof typeof en;

/** Every key of the English catalogue, and no other, so a missing translation fails to compile. */
const pl: Record<MessageKey, string> = {
  'app.name': 'Groupbridge',
  'app.skip': 'Przejdź do treści',
  'lang.label': 'Język',
  'signIn.title': 'Logowanie',
  'signIn.intro': 'Zaloguj się nazwą użytkownika i hasłem Groupbridge.',
  'signIn.username': 'Nazwa użytkownika',
  'signIn.password': 'Hasło',
  'signIn.submit': 'Zaloguj się',
  'signIn.failed': 'Błędna nazwa użytkownika lub hasło.',
  'signIn.throttled': 'Zbyt wiele nieudanych prób. Spróbuj ponownie za {seconds} s.',
  'signOut.submit': 'Wyloguj się',
  'home.title': 'Groupbridge',
  'home.signedInAs': 'Zalogowano jako {name} ({username}).',
  'error.title': 'Coś poszło nie tak',
  'error.400': 'Nie udało się zrozumieć żądania.',
  'error.403':
    'Formularz wygasł albo nie został wysłany z tej strony. Wróć, odśwież stronę i spróbuj ponownie.',
  'error.404': 'Nie ma takiej strony.',
  'error.500': 'Wystąpił błąd wewnętrzny (żądanie {requestId}).',
  'error.home': 'Przejdź do strony startowej',
  'consent.title': 'Zezwolić na dostęp?',
  'consent.intro': '{app} prosi o dostęp do Groupbridge w Twoim imieniu ({name}, {username}).',
  'consent.scopesIntro': 'Jeśli się zgodzisz, aplikacja będzie mogła:',
  'consent.basic':
    'widzieć Twoje imię, nazwisko i identyfikator oraz korzystać z usług grup jako Ty',
  'consent.allow': 'Zezwól',
  'consent.deny': 'Odmów',
  'consent.notYou': 'To nie Ty?',
  'scope.offline_access':
    'zachować ten dostęp do czasu jego odwołania (bez tego dostęp wygasa po dwóch godzinach)',
  'scope.email': 'widzieć Twój adres e-mail',
  'scope.other_emails': 'widzieć adresy e-mail innych użytkowników',
  'scope.other': 'korzystać z uprawnienia „{scope}”',
  'pin.title': 'Dostęp przyznany',
  'pin.intro': 'Aby dokończyć, wpisz ten PIN w aplikacji {app}:',
  'denied.title': 'Odmówiono dostępu',
  'denied.text': 'Odmówiono aplikacji {app} dostępu do Twojego konta. Możesz zamknąć tę stronę.',
  'token.invalid.title': 'Ten odnośnik już nie działa',
  'token.invalid.text':
    'Prośba o autoryzację jest nieznana, już wykorzystana lub wygasła. Wróć do aplikacji i zacznij od nowa.',
};

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, pl };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** The message in `lang` with `{name}` placeholders filled (the template engine escapes it). */
export function translate(
  lang: Language,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

function asLanguage(value: unknown): Language | undefined {
  return LANGUAGES.find((lang) => lang === value);
}

/** `?lang=` first (and remembered in a cookie), then that cookie, then Accept-Language. */
export function negotiateLanguage(req: Request): Language {
  return (
    asLanguage(req.query?.lang) ??
    asLanguage((req.cookies as Record<string, string> | undefined)?.[LANGUAGE_COOKIE]) ??
    asLanguage(req.acceptsLanguages(...LANGUAGES)) ??
    LANGUAGES[0]
  );
}

/** A language chosen with `?lang=` sticks for the pages that follow (form posts carry no query). */
export function rememberLanguage(req: Request, res: Response): void {
  const chosen = asLanguage(req.query?.lang);
  if (!chosen) return;
  res.cookie(LANGUAGE_COOKIE, chosen, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: 365 * 24 * 60 * 60 * 1000,
  });
}
