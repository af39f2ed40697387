import { useEffect } from "react";

// Keeps <html lang> in step with the language the person chose (screen readers
// pick their voice from it). Renders nothing.
// A page that lang-boot.js marked "lang-pending" (the language cookie is not bokmål)
// stays hidden until the tab's texts are in that language; the tab's state may first
// come back in an older language (its state outlives a page load). If the account's
// language was changed on another device, the page is shown after 3 s in that one.
let langWait = null;
export function HtmlLang({ lang, title }) {
  useEffect(() => {
    const html = document.documentElement;
    const apply = (l) => {
      clearTimeout(langWait);
      langWait = null;
      html.lang = l;
      html.classList.remove("lang-pending");
      // the next page load starts in this language, also when it was chosen on another
      // device; only a cookie the server set is corrected (a login page without one must
      // not make one: at login a cookie counts as a choice made on that page)
      const had = document.cookie.match(/(?:^|;\s*)minplan_lang=([a-z]{2})(?:;|$)/);
      if (had && had[1] !== l) {
        document.cookie = "minplan_lang=" + l + "; path=/; max-age=31536000; samesite=lax"
          + (location.protocol === "https:" ? "; secure" : "");
      }
    };
    if (title) document.title = title;
    if (!lang) return;
    if (html.classList.contains("lang-pending") && lang !== html.lang) {
      clearTimeout(langWait);
      langWait = setTimeout(() => apply(lang), 3000);
      return;
    }
    apply(lang);
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
// (read out by screen readers), and keeps every write sent from a form until the server
// says it has handled it (issue 18.4, see ip_app/kernel/writes.py):
// - each submit of a Reflex form (not the plain POST forms: they have an `action`) gets a
//   write id, added to its form data as `__write_id`;
// - the server sends back the ids it has handled (`done`); those writes are finished;
// - a write sent while the connection is down, or still unanswered when it drops, or
//   unanswered for a few seconds (a connection that died without the page noticing
//   swallows what is sent on it) is marked at its form ("Ikke lagret ennå …") and sent
//   again, with the same id, once the connection is there; the server runs each id once,
//   so Reflex's own queue and these resends never make it twice;
// - after a few tries the form says it was not saved; its own button tries again with the
//   same id;
// - "Tilkoblet igjen. Alt er oppdatert." only when nothing is left unsaved.
import { useRef, useState } from "react";

const WRITE_ID = "__write_id";
const STALL_MS = 5000; // unanswered this long (times the sends so far): send again
const MAX_SENDS = 4;
const writes = new Map(); // write id -> { form, atRisk, sentAt, sends }
const latestOf = new WeakMap(); // form -> its latest write id
let resending = null; // the form being sent again: its submit keeps its write id
const failedIds = new Set(); // writes given up on: the form says "Ikke lagret"
let listening = false;
let offline = { lost: false, pendingText: "" }; // what the notice knows, for the listener

const newWriteId = () =>
  window.crypto?.randomUUID ? window.crypto.randomUUID()
    : Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);

const isWriteForm = (form) =>
  form instanceof HTMLFormElement && !form.hasAttribute("action")
  && !form.hasAttribute("data-no-write");

function listen() {
  if (listening) return;
  listening = true;
  // capture: before React's own submit handler reads the form
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!isWriteForm(form)) return;
    if (resending === form && latestOf.get(form)) return;  // the same write, again
    const old = latestOf.get(form);
    const previous = old && writes.get(old);
    if (previous && previous.atRisk && !offline.lost) {
      // the person retries a write that may or may not have arrived: the same id
      previous.sentAt = Date.now();
      previous.sends = 1;
      failedIds.delete(old);
      markForm(form, offline.pendingText, "pending");
      return;
    }
    if (old) writes.delete(old);  // superseded by what the person sends now
    const id = newWriteId();
    latestOf.set(form, id);
    // sent while the connection is down: Reflex queues it; say so at the form
    writes.set(id, { form, atRisk: offline.lost, sentAt: Date.now(), sends: 1 });
    markForm(form, offline.lost ? offline.pendingText : "", "pending");
  }, true);
  // `new FormData(form)` (how Reflex reads a form) fires this on the form
  document.addEventListener("formdata", (event) => {
    const id = latestOf.get(event.target);
    if (id && writes.has(id)) event.formData.append(WRITE_ID, id);
  });
}

// A short message at the end of the form: plain text, never markup.
function markForm(form, text, state) {
  let note = form.querySelector(":scope > .write-note");
  if (!text) {
    if (note) note.remove();
    return;
  }
  if (!note) {
    note = document.createElement("p");
    note.className = "write-note";
    note.setAttribute("role", "status");
    form.appendChild(note);
  }
  note.dataset.state = state;
  note.textContent = text;
}

function resend(w) {
  w.sends += 1;
  w.sentAt = Date.now();
  if (!w.form.isConnected) return;
  resending = w.form;
  try {
    w.form.requestSubmit();
  } finally {
    resending = null;
  }
}

export function ConnectionNotice({ lost, lostText, backText, backPendingText, backFailedText,
                                   done, pendingText, savedText, failedText }) {
  const wasLost = useRef(false);
  const [back, setBack] = useState(false);
  const [, redraw] = useState(0);
  useEffect(listen, []);

  // the server has handled these writes
  useEffect(() => {
    for (const id of done || []) {
      const w = writes.get(id);
      if (!w) continue;
      writes.delete(id);
      failedIds.delete(id);
      if (latestOf.get(w.form) === id) latestOf.delete(w.form);
      if (w.atRisk) {
        markForm(w.form, savedText, "saved");
        setTimeout(() => {
          if (!latestOf.get(w.form)) markForm(w.form, "", "");
        }, 6000);
      }
    }
    redraw((n) => n + 1);
  }, [done, savedText]);

  offline = { lost: !!lost, pendingText };
  useEffect(() => {
    if (lost) {
      wasLost.current = true;
      setBack(false);
      for (const w of writes.values()) {
        w.atRisk = true;
        markForm(w.form, pendingText, "pending");
      }
      redraw((n) => n + 1);
      return undefined;
    }
    if (!wasLost.current) return undefined;
    wasLost.current = false;
    setBack(true);
    // connected again: send each unanswered write once more, with the same id
    for (const w of writes.values()) {
      if (w.atRisk) resend(w);
    }
    const timer = setTimeout(() => setBack(false), 6000);
    return () => clearTimeout(timer);
  }, [lost]);

  // a write the server has not answered for a while: sent again (same id), and after a
  // few tries said to be not saved
  useEffect(() => {
    const tick = setInterval(() => {
      if (offline.lost) return;
      let changed = false;
      for (const [id, w] of writes) {
        if (failedIds.has(id) || Date.now() - w.sentAt < STALL_MS * w.sends) continue;
        changed = true;
        if (w.sends >= MAX_SENDS || !w.form.isConnected) {
          w.atRisk = true;
          failedIds.add(id);
          markForm(w.form, failedText, "failed");
          continue;
        }
        w.atRisk = true;
        markForm(w.form, pendingText, "pending");
        resend(w);
      }
      if (changed) redraw((n) => n + 1);
    }, 1000);
    return () => clearInterval(tick);
  }, [pendingText, failedText]);

  const unsaved = [...writes.values()].some((w) => w.atRisk);
  const anyFailed = [...failedIds].some((id) => writes.has(id));
  const text = lost ? lostText
    : anyFailed ? backFailedText
    : unsaved ? backPendingText
    : back ? backText : "";
  return (
    <div role="status" aria-live="polite" className={text ? "conn-notice" : "live"}
         data-state={lost ? "lost" : anyFailed ? "failed" : unsaved ? "sending"
                     : back ? "back" : "ok"}>
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

// After a move to another page inside the app (not the first load), the new page's h1
// gets the focus, so a screen reader says where you are (the title is set by HtmlLang).
// Waits for the page's h1 to be drawn (at most two seconds), then leaves it alone.
let routeFocusSeen = false;
export function RouteFocus() {
  useEffect(() => {
    if (!routeFocusSeen) {
      routeFocusSeen = true;
      return undefined;
    }
    let tries = 0;
    let timer = null;
    const look = () => {
      const h1 = document.querySelector("main h1");
      const active = document.activeElement;
      const typing = active && active !== document.body && active.matches("input, textarea, select");
      if (h1 && !typing) {
        if (!h1.hasAttribute("tabindex")) h1.setAttribute("tabindex", "-1");
        h1.focus({ preventScroll: true });
        return;
      }
      if (h1 || ++tries > 40) return;
      timer = setTimeout(look, 50);
    };
    look();
    return () => timer && clearTimeout(timer);
  }, []);
  return null;
}

// Aksel names every card's toggle by its chevron only ("Vis mer"): name each after its
// card ("Vis mer om Arbeidstrening …"), also for cards a live update adds later.
export function CardToggleNames({ label }) {
  useEffect(() => {
    if (!label) return undefined;
    const name = () => {
      document.querySelectorAll(".aksel-expansioncard").forEach((card) => {
        const title = card.getAttribute("aria-label");
        const button = card.querySelector(".aksel-expansioncard__header-button");
        if (!title || !button) return;
        const wanted = label.replace("{title}", title);
        if (button.getAttribute("aria-label") !== wanted) button.setAttribute("aria-label", wanted);
      });
    };
    name();
    const watch = new MutationObserver(name);
    watch.observe(document.body, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, [label]);
  return null;
}
