namespace GovData.Domain.Opening;

/// <summary>Applies one item's strategy to single values, writing into caller-provided buffers so a million rows allocate nothing per value.</summary>
public abstract class ValueDesensitizer
{
    /// <summary>Whether values pass unchanged (<see cref="DesensitizationMethod.None"/>), so callers can skip the copy.</summary>
    public virtual bool IsIdentity => false;

    /// <summary>The longest output for an input of <paramref name="inputLength"/> characters.</summary>
    public abstract int MaxLength(int inputLength);

    /// <summary>Writes the desensitized value into <paramref name="destination"/> (at least <see cref="MaxLength"/>) and returns its length.</summary>
    public abstract int Write(ReadOnlySpan<char> value, Span<char> destination);

    /// <summary>The desensitized value as a string (for tests and single values; the transform uses <see cref="Write"/>).</summary>
    public string Apply(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new char[MaxLength(value.Length)];
        return new string(buffer, 0, Write(value, buffer));
    }

    /// <summary>The desensitizer for <paramref name="item"/>; null when the column is dropped. Assumes the plan was validated.</summary>
    public static ValueDesensitizer? For(ItemDesensitization item, Pseudonymizer? pseudonymizer)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Method switch
        {
            DesensitizationMethod.None => PassThrough.Instance,
            DesensitizationMethod.Mask => new Masking(item.Mask ?? throw Invalid(item), item.KeepFirst ?? 0, item.KeepLast ?? 0),
            DesensitizationMethod.Generalize => new Generalizing(item.Generalization ?? throw Invalid(item)),
            DesensitizationMethod.KeyedHash => new Hashing(pseudonymizer ?? throw new InvalidOperationException("a keyed hash needs the pseudonym secret")),
            DesensitizationMethod.Drop => null,
            _ => throw Invalid(item),
        };
    }

    private static ArgumentException Invalid(ItemDesensitization item) => new($"the strategy of '{item.Item}' is incomplete; validate the plan first", nameof(item));

    private sealed class PassThrough : ValueDesensitizer
    {
        public static readonly PassThrough Instance = new();
        public override bool IsIdentity => true;
        public override int MaxLength(int inputLength) => inputLength;
        public override int Write(ReadOnlySpan<char> value, Span<char> destination)
        {
            value.CopyTo(destination);
            return value.Length;
        }
    }

    private sealed class Masking(MaskStyle style, int keepFirst, int keepLast) : ValueDesensitizer
    {
        public override int MaxLength(int inputLength) => inputLength;
        public override int Write(ReadOnlySpan<char> value, Span<char> destination)
        {
            if (value.IsEmpty) return 0;
            Masks.Write(style, value, destination, keepFirst, keepLast);
            return value.Length;
        }
    }

    private sealed class Generalizing(Generalization level) : ValueDesensitizer
    {
        public override int MaxLength(int inputLength) => Math.Max(7, inputLength);
        public override int Write(ReadOnlySpan<char> value, Span<char> destination) => Generalizer.Write(level, value, destination);
    }

    private sealed class Hashing(Pseudonymizer pseudonymizer) : ValueDesensitizer
    {
        public override int MaxLength(int inputLength) => Pseudonymizer.Length;
        public override int Write(ReadOnlySpan<char> value, Span<char> destination) => pseudonymizer.Write(value, destination);
    }
}
