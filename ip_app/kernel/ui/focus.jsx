import { useEffect } from "react";

// Moves focus to the element with id `target` each time `token` changes: for a control
// whose id is only known in the browser (one per card), where Reflex keeps no ref.
// Renders nothing.
export function FocusTarget({ target, token }) {
  useEffect(() => {
    if (!token || !target) return;
    const el = document.getElementById(target);
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.focus();
    }
  }, [target, token]);
  return null;
}
