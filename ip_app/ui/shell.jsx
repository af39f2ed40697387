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
