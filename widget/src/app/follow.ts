// A conversation that follows new messages: it stays at the bottom while the reader is there (and
// always for their own message), and otherwise counts what arrived below for a "new messages" pill.
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** Within this many pixels of the end counts as reading the newest message. */
const AT_BOTTOM_PX = 40;

/**
 * `count` is how many items the conversation holds; `mine` is true when the newest is the reader's
 * own. Answers whether unseen items wait below, and how to go down to them.
 */
export function useFollow(scroller: RefObject<HTMLElement>, count: number, mine: boolean) {
  const atBottom = useRef(true);
  const seen = useRef(count);
  const [unseen, setUnseen] = useState(false);

  const toBottom = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    seen.current = count;
    setUnseen(false);
  };

  useLayoutEffect(() => {
    if (count === seen.current) return;
    if (count < seen.current || atBottom.current || mine) toBottom();
    else setUnseen(true);
  }, [count, mine]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < AT_BOTTOM_PX;
      if (atBottom.current) {
        seen.current = count;
        setUnseen(false);
      }
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [scroller.current, count]);

  return { unseen, toBottom };
}
