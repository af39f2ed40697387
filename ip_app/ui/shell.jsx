import { useEffect } from "react";

// Keeps <html lang> in step with the language the person chose (screen readers
// pick their voice from it). Renders nothing.
export function HtmlLang({ lang, title }) {
  useEffect(() => {
    if (lang) document.documentElement.lang = lang;
    if (title) document.title = title;
  }, [lang, title]);
  return null;
}

// "Skip to main content": a plain link would be taken over by the client-side router
// (which changes the URL but leaves focus where it was); this one moves the focus.
export function SkipLink({ target, children, className }) {
  const go = (event) => {
    const main = document.getElementById(target);
    if (!main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  };
  return (
    <a href={"#" + target} className={className} onClick={go}>
      {children}
    </a>
  );
}

// Aksel's own texts (the "show more" chevron of a card, "close" on dialogs, the
// names of alert icons, character counters) in the chosen language. The words come
// from our catalogues (aksel.* keys); Aksel's locale gives the date-fns locale.
import { Provider } from "@navikt/ds-react";
import { nb, nn, en } from "@navikt/ds-react/locales";

const AKSEL_BASE = { nb, nn, en, uk: en };

export function AkselLocale({ lang, texts, children }) {
  const t = texts || {};
  const translations = {
    global: {
      showMore: t.show_more, showLess: t.show_less, close: t.close, readOnly: t.read_only,
      error: t.error, info: t.info, success: t.success, warning: t.warning,
      announcement: t.announcement,
    },
    ProgressBar: { progress: t.progress },
    Textarea: { maxLength: t.max_length, charsTooMany: t.chars_too_many, charsLeft: t.chars_left },
  };
  return (
    <Provider locale={AKSEL_BASE[lang] || nb} translations={translations}>
      {children}
    </Provider>
  );
}

// Says when the connection to the server is lost and when it is back, in a live region
// (read out by screen readers). What is typed stays in the page meanwhile, and what was
// sent while offline is sent on reconnect; "back" shows for a few seconds.
import { useRef, useState } from "react";

export function ConnectionNotice({ lost, lostText, backText }) {
  const wasLost = useRef(false);
  const [back, setBack] = useState(false);
  useEffect(() => {
    if (lost) {
      wasLost.current = true;
      setBack(false);
      return undefined;
    }
    if (!wasLost.current) return undefined;
    wasLost.current = false;
    setBack(true);
    const timer = setTimeout(() => setBack(false), 6000);
    return () => clearTimeout(timer);
  }, [lost]);
  const text = lost ? lostText : back ? backText : "";
  return (
    <div role="status" aria-live="polite" className={text ? "conn-notice" : "live"}
         data-state={lost ? "lost" : back ? "back" : "ok"}>
      {text}
    </div>
  );
}

// Reflex keeps a tab's state under a token in sessionStorage (its key in Reflex's
// state.js). Forgetting it before leaving a login makes the next page start with a new,
// empty state on the server: nothing of the previous person's stays with the tab.
const REFLEX_TOKEN_KEY = "token";

function forgetTab() {
  try {
    window.sessionStorage.removeItem(REFLEX_TOKEN_KEY);
  } catch (e) {
    // storage refused: the server clears the old state at its next event anyway
  }
}

// The log-out button's form: a plain POST to /auth/logout (works without JavaScript
// too), sending the tab's token (its state is cleared on the server) and forgetting it.
export function LogoutForm({ children, className }) {
  const submit = (event) => {
    // the server clears the state of this tab at once (the token goes only to our own route)
    try {
      event.currentTarget.elements.tab.value =
        window.sessionStorage.getItem(REFLEX_TOKEN_KEY) || "";
    } catch (e) {
      // no storage: the server clears the old state at its next event
    }
    forgetTab();
  };
  return (
    <form method="post" action="/auth/logout" className={className} onSubmit={submit}>
      <input type="hidden" name="tab" defaultValue="" />
      {children}
    </form>
  );
}

// The idle timeout: shortly before the login ends for lack of activity, a warning with a
// button to stay logged in; when it has ended (the server says so), the tab forgets its
// token and goes to the login page. `endsAt` (epoch ms) comes from the server and moves
// with activity in any tab of the login (the page asks again before warning).
export function IdleWatch({ endsAt, warnMs, ended, onCheck, children }) {
  const [warn, setWarn] = useState(false);
  const check = useRef(onCheck);
  check.current = onCheck;
  useEffect(() => {
    if (!ended) return;
    forgetTab();
    window.location.assign("/login?feil=ended");
  }, [ended]);
  useEffect(() => {
    setWarn(false);
    if (!endsAt) return undefined;
    const ask = () => check.current && check.current();
    const now = Date.now();
    let every = null;
    const warnAt = setTimeout(() => { setWarn(true); ask(); },
                              Math.max(0, endsAt - warnMs - now));
    const endAt = setTimeout(() => { ask(); every = setInterval(ask, 15000); },
                             Math.max(0, endsAt - now + 1000));
    return () => { clearTimeout(warnAt); clearTimeout(endAt); if (every) clearInterval(every); };
  }, [endsAt, warnMs]);
  if (!warn || ended) return null;
  return <div className="idle-warning" role="alert">{children}</div>;
}
