/** The options of a select for one of the shared vocabularies (`labelled()`), in their order. */
export function LabelledOptions<T extends string>({
  vocabulary,
  empty,
}: {
  vocabulary: { values: readonly T[]; labels: Record<T, string> }
  /** A first option with no value (« Tous », « Choisir… »), when the select may stay empty. */
  empty?: string
}) {
  return (
    <>
      {empty !== undefined && <option value="">{empty}</option>}
      {vocabulary.values.map((value) => (
        <option key={value} value={value}>
          {vocabulary.labels[value]}
        </option>
      ))}
    </>
  )
}
