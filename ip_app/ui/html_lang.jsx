import { useEffect } from "react";

// Keeps <html lang> in step with the language the person chose (screen readers
// pick their voice from it). Renders nothing.
export function HtmlLang({ lang }) {
  useEffect(() => {
    if (lang) document.documentElement.lang = lang;
  }, [lang]);
  return null;
}
