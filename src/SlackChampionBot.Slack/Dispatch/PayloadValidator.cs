using System.Buffers.Text;
using System.Text.Json;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// Checks JSON against a <see cref="PayloadShape"/> in one forward pass with <see cref="Utf8JsonReader"/> (no DOM, no
/// deserialisation), so that deserialising it afterwards cannot fail or leave a null where the model has none.
/// Unknown properties are skipped, as the serializer skips them. Throws <see cref="FormatException"/> naming the
/// field (never its value), and lets <see cref="JsonException"/> through for bytes that are not JSON at all.
/// </summary>
internal static class PayloadValidator
{
    /// <summary>Checks a whole document.</summary>
    public static void Validate(ReadOnlySpan<byte> json, PayloadShape shape, string path)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            throw new FormatException($"{path} is empty.");
        }

        Check(ref reader, shape, nullable: false, new FieldPath(path, null));
    }

    /// <summary>
    /// Checks the value the reader is on (its first token) and leaves the reader on the value's last token, as
    /// <see cref="Utf8JsonReader.Skip"/> does.
    /// </summary>
    public static void Check(ref Utf8JsonReader reader, PayloadShape shape, bool nullable, FieldPath path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (!nullable)
            {
                throw Bad(path, "must not be null");
            }

            return;
        }

        switch (shape.Kind)
        {
            case ShapeKind.Any:
                reader.Skip();
                return;
            case ShapeKind.String:
                Expect(reader.TokenType == JsonTokenType.String, path, "must be a string");
                return;
            case ShapeKind.UserId:
                Expect(reader.TokenType == JsonTokenType.String && IsUserId(ref reader), path, "must be a Slack user ID");
                return;
            case ShapeKind.Boolean:
                Expect(reader.TokenType is JsonTokenType.True or JsonTokenType.False, path, "must be true or false");
                return;
            case ShapeKind.Number:
                Expect(IsNumber(ref reader, shape.ClrType), path, "must be a number");
                return;
            case ShapeKind.Array:
                Expect(reader.TokenType == JsonTokenType.StartArray, path, "must be an array");
                var elementPath = new FieldPath(path.ToString() + "[]", null);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Check(ref reader, shape.Element!, nullable: false, elementPath);
                }

                return;
            case ShapeKind.Map:
                Expect(reader.TokenType == JsonTokenType.StartObject, path, "must be an object");
                var valuePath = new FieldPath(path.ToString() + ".*", null);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    reader.Read();
                    Check(ref reader, shape.Element!, nullable: false, valuePath);
                }

                return;
            default:
                CheckObject(ref reader, shape, path);
                return;
        }
    }

    /// <summary>Finds the property the reader is on (a property name token) in <paramref name="shape"/>, as the serializer matches names.</summary>
    public static PayloadProperty? Find(ref Utf8JsonReader reader, PayloadShape shape)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > shape.LongestName * 6L)
        {
            return null; // even fully escaped, too long to be any of the names
        }

        Span<char> name = stackalloc char[(int)length];
        var written = reader.CopyString(name);
        return shape.Properties.TryGetValue(name[..written], out var property) ? property : null;
    }

    private static void CheckObject(ref Utf8JsonReader reader, PayloadShape shape, FieldPath at)
    {
        Expect(reader.TokenType == JsonTokenType.StartObject, at, "must be an object");
        var path = at.ToString();
        var seen = 0UL;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Find(ref reader, shape);
            reader.Read();
            if (property is null)
            {
                reader.Skip();
                continue;
            }

            Check(ref reader, property.Shape, property.Nullable, new FieldPath(path, property.Name));
            if (property.Required)
            {
                if (property.Shape.Kind == ShapeKind.String && reader.TokenType == JsonTokenType.String && (reader.HasValueSequence ? reader.ValueSequence.IsEmpty : reader.ValueSpan.IsEmpty))
                {
                    throw Bad(new FieldPath(path, property.Name), "must not be empty");
                }

                seen |= 1UL << property.RequiredIndex;
            }
        }

        var required = shape.RequiredProperties;
        if (seen != (required.Count == 64 ? ulong.MaxValue : (1UL << required.Count) - 1))
        {
            foreach (var property in required)
            {
                if ((seen & (1UL << property.RequiredIndex)) == 0)
                {
                    throw Bad(new FieldPath(path, property.Name), "is missing");
                }
            }
        }
    }

    /// <summary><see cref="Mrkdwn.IsUserId"/> on the token, without allocating for the usual unescaped value.</summary>
    private static bool IsUserId(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return Mrkdwn.IsUserId(reader.GetString());
        }

        var id = reader.ValueSpan;
        if (id.Length is < 2 or > 32 || (id[0] != (byte)'U' && id[0] != (byte)'W'))
        {
            return false;
        }

        foreach (var b in id)
        {
            if (!char.IsAsciiLetterOrDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A number token that fits the model's type, or a string holding one (SlackJson reads numbers from strings).</summary>
    private static bool IsNumber(ref Utf8JsonReader reader, Type type)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return type == typeof(int) ? reader.TryGetInt32(out _)
                : type == typeof(long) ? reader.TryGetInt64(out _)
                : reader.TryGetDouble(out _);
        }

        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return false;
        }

        var text = reader.ValueSpan;
        return type == typeof(int) ? Utf8Parser.TryParse(text, out int _, out var used) && used == text.Length
            : type == typeof(long) ? Utf8Parser.TryParse(text, out long _, out used) && used == text.Length
            : Utf8Parser.TryParse(text, out double _, out used) && used == text.Length;
    }

    private static void Expect(bool condition, FieldPath path, string rule)
    {
        if (!condition)
        {
            throw Bad(path, rule);
        }
    }

    private static FormatException Bad(FieldPath path, string rule) => new($"{path} {rule}.");
}

/// <summary>Where a value sits (<c>view.state.values.*</c>), made into a string only for an error or a nested container.</summary>
internal readonly record struct FieldPath(string Parent, string? Name)
{
    public override string ToString() => Name is null ? Parent : Parent.Length == 0 ? Name : Parent + "." + Name;
}
