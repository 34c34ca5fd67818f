namespace Momentary.Core.Rules.Triggers;

/// <summary>Up to three groups of rules (<see cref="PlaceIndex.For"/>) enumerated as one, without copying them into a new array.</summary>
internal readonly struct PlaceRules(CompiledRule[] first, CompiledRule[] second, CompiledRule[] third)
{
    /// <summary>A struct enumerator, so <c>foreach</c> allocates nothing.</summary>
    public Enumerator GetEnumerator() => new(first, second, third);

    /// <summary>Walks the first group, then the second, then the third.</summary>
    public struct Enumerator(CompiledRule[] first, CompiledRule[] second, CompiledRule[] third)
    {
        private int _group;
        private int _index = -1;

        /// <summary>The rule at the current position.</summary>
        public readonly CompiledRule Current => Group(_group)[_index];

        /// <summary>Advances to the next rule; <c>false</c> after the last group's last rule.</summary>
        public bool MoveNext()
        {
            while (_group < 3)
            {
                if (++_index < Group(_group).Length)
                {
                    return true;
                }

                _group++;
                _index = -1;
            }

            return false;
        }

        private readonly CompiledRule[] Group(int g) => g switch
        {
            0 => first,
            1 => second,
            _ => third,
        };
    }
}
