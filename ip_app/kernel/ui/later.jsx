import { startTransition, useEffect, useRef, useState } from "react";

// Renders its children from the first time `when` is true, and keeps them after: a
// closed dialog's form is not built (nor measured: Aksel's Textarea sizes itself with a
// forced layout each) at the page's first load, and once opened it stays, with what was
// typed in it, as it did before.
export function OnceOpen({ when, children }) {
  const seen = useRef(false);
  if (when) seen.current = true;
  return seen.current ? children : null;
}

// Renders its children `frames` painted frames after it is first shown: the part of a
// page below the first screen is built after the first screen has been painted, in
// steps of its own, not in the same long task (issue 20.8: Lighthouse's largest paint
// and blocking time). Once shown it stays. Each step is a transition: React builds it
// in slices of a few milliseconds and lets the browser in between (a tap, a frame)
// instead of one task as long as the part is big.
export function AfterPaint({ frames = 1, children }) {
  const [left, setLeft] = useState(frames);
  useEffect(() => {
    if (left <= 0) return undefined;
    let timer;
    const frame = requestAnimationFrame(() => {
      // after this frame is painted: a task of its own
      timer = setTimeout(() => startTransition(() => setLeft((n) => n - 1)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [left]);
  return left <= 0 ? children : null;
}
