import { METHOD_NOTES } from '@/lib/genomics/method-notes';

/** How the tests are chosen and computed, for the methods section of a paper. */
export function MethodNotes() {
  return (
    <details className="max-w-3xl rounded-lg border p-4 text-sm" data-testid="method-notes">
      <summary className="cursor-pointer font-medium">Method notes</summary>
      <div className="mt-3 flex flex-col gap-3">
        <table className="text-sm" aria-label="Tests by variable types">
          <thead>
            <tr className="border-b">
              <th scope="col" className="py-1 pr-3 text-left font-medium">
                Imaging feature
              </th>
              <th scope="col" className="py-1 pr-3 text-left font-medium">
                Genomic variable
              </th>
              <th scope="col" className="py-1 text-left font-medium">
                Test (effect)
              </th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-b">
              <td className="py-1 pr-3">Categorical</td>
              <td className="py-1 pr-3">Categorical or binary</td>
              <td className="py-1">
                Fisher&apos;s exact for 2 × 2; otherwise Pearson chi-square, or Fisher–Freeman–Halton when an
                expected count is below 5 (Cramér&apos;s V)
              </td>
            </tr>
            <tr className="border-b">
              <td className="py-1 pr-3">Ordinal or continuous</td>
              <td className="py-1 pr-3">Binary</td>
              <td className="py-1">Mann–Whitney U (AUC)</td>
            </tr>
            <tr className="border-b">
              <td className="py-1 pr-3">Ordinal or continuous</td>
              <td className="py-1 pr-3">Categorical, 3 or more levels</td>
              <td className="py-1">Kruskal–Wallis (ε²)</td>
            </tr>
            <tr className="border-b">
              <td className="py-1 pr-3">Categorical</td>
              <td className="py-1 pr-3">Continuous</td>
              <td className="py-1">Mann–Whitney U with two levels (AUC), Kruskal–Wallis with more (ε²)</td>
            </tr>
            <tr>
              <td className="py-1 pr-3">Ordinal or continuous</td>
              <td className="py-1 pr-3">Continuous</td>
              <td className="py-1">Spearman correlation (ρ with 95% CI)</td>
            </tr>
          </tbody>
        </table>
        <ul className="list-disc pl-5">
          {METHOD_NOTES.map((note) => (
            <li key={note}>{note}</li>
          ))}
          <li>Pairs with one level only or too few subjects are not tested, and say why.</li>
        </ul>
      </div>
    </details>
  );
}
