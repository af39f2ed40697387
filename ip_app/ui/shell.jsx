import { useEffect } from "react";

// Keeps <html lang> in step with the language the person chose (screen readers
// pick their voice from it). Renders nothing.
export function HtmlLang({ lang }) {
  useEffect(() => {
    if (lang) document.documentElement.lang = lang;
  }, [lang]);
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
