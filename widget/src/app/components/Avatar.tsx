// A team member's face: their uploaded image, else their initials on a colour derived from the name.
interface Person {
  name: string;
  avatarUrl?: string | null;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => Array.from(word)[0]!.toUpperCase())
    .join('');

/** The same name always gets the same hue; dark enough for white initials (WCAG AA). */
export const hueOf = (name: string) => [...name].reduce((h, ch) => (h * 31 + ch.codePointAt(0)!) % 360, 7);

/** Decorative: the name is always written beside it, or in its group's label (the header's online team). */
export function Avatar({ person }: { person: Person }) {
  if (person.avatarUrl) return <img class="dl-av" src={person.avatarUrl} alt="" width={24} height={24} />;
  return (
    <span class="dl-av" aria-hidden="true" style={{ background: `hsl(${hueOf(person.name)} 50% 32%)` }}>
      {initials(person.name)}
    </span>
  );
}
