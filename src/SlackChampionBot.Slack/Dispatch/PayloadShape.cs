using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SlackChampionBot.Slack.Dispatch;

internal enum ShapeKind
{
    /// <summary>Any JSON value (a <see cref="JsonElement"/> property).</summary>
    Any,
    String,

    /// <summary>A string that is a Slack user ID (<see cref="SlackUserIdAttribute"/>).</summary>
    UserId,
    Boolean,
    Number,
    Object,
    Array,

    /// <summary>A JSON object read as a dictionary: any keys, every value of <see cref="PayloadShape.Element"/>.</summary>
    Map,
}

/// <summary>One property of an object shape.</summary>
/// <param name="Nullable">Whether JSON <c>null</c> is allowed (the model's nullability annotation).</param>
/// <param name="Required">Whether it must be present (<c>[JsonRequired]</c>); a required string must also be non-empty.</param>
/// <param name="Get">Reads the property from a model instance.</param>
internal sealed record PayloadProperty(string Name, PayloadShape Shape, bool Nullable, bool Required, int RequiredIndex, Func<object, object?>? Get);

/// <summary>
/// What a JSON value must look like to deserialise into a model without an exception and without a null where the
/// model has none: built once per type from System.Text.Json's own contract for <see cref="SlackJson.Options"/>
/// (property names, property types, nullable annotations, <c>[JsonRequired]</c>), so it cannot drift from the models.
/// A type the walker cannot describe (a polymorphic Block Kit type, say) fails the first time it is asked for, which
/// the adapter's tests do for every inbound model.
/// </summary>
internal sealed class PayloadShape
{
    private static readonly Lock Gate = new();
    private static readonly PayloadShape UserIdShape = new(typeof(string), ShapeKind.UserId);
    private static readonly Dictionary<Type, PayloadShape> Cache = [];

    private FrozenDictionary<string, PayloadProperty> _properties = FrozenDictionary<string, PayloadProperty>.Empty;

    private PayloadShape(Type clrType, ShapeKind kind)
    {
        ClrType = clrType;
        Kind = kind;
    }

    public Type ClrType { get; }

    public ShapeKind Kind { get; }

    /// <summary>The shape of an array's elements or a map's values.</summary>
    public PayloadShape? Element { get; private set; }

    /// <summary>An object's properties, looked up as the serializer does (case-insensitively).</summary>
    public FrozenDictionary<string, PayloadProperty>.AlternateLookup<ReadOnlySpan<char>> Properties { get; private set; }

    /// <summary>The required properties, by <see cref="PayloadProperty.RequiredIndex"/>.</summary>
    public IReadOnlyList<PayloadProperty> RequiredProperties { get; private set; } = [];

    /// <summary>The string properties that hold a user ID.</summary>
    public IReadOnlyList<PayloadProperty> UserIdProperties { get; private set; } = [];

    /// <summary>The longest property name, so a longer one in a payload is known not to match without decoding it.</summary>
    public int LongestName { get; private set; }

    public static PayloadShape For(Type type)
    {
        lock (Gate)
        {
            return ForCore(type);
        }
    }

    public bool TryGetProperty(string name, out PayloadProperty property) => _properties.TryGetValue(name, out property!);

    private static PayloadShape ForCore(Type type)
    {
        if (Cache.TryGetValue(type, out var cached))
        {
            return cached;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var info = SlackJson.Options.GetTypeInfo(underlying);
        var shape = new PayloadShape(underlying, KindOf(info));

        // Cached before its members are built, so a type that contains itself ends the recursion.
        Cache[type] = shape;
        switch (shape.Kind)
        {
            case ShapeKind.Array:
                shape.Element = ForCore(info.ElementType!);
                break;
            case ShapeKind.Map:
                if (info.KeyType != typeof(string))
                {
                    throw new NotSupportedException($"{type}: only string-keyed dictionaries can be checked.");
                }

                shape.Element = ForCore(info.ElementType!);
                break;
            case ShapeKind.Object:
                shape.BuildProperties(info);
                break;
        }

        return shape;
    }

    private void BuildProperties(JsonTypeInfo info)
    {
        var properties = new Dictionary<string, PayloadProperty>(StringComparer.OrdinalIgnoreCase);
        var required = new List<PayloadProperty>();
        foreach (var property in info.Properties)
        {
            if (property.Set is null)
            {
                continue; // the serializer never writes it, so whatever the payload holds there is skipped
            }

            var nullable = !property.PropertyType.IsValueType ? property.IsSetNullable : Nullable.GetUnderlyingType(property.PropertyType) is not null;
            var entry = new PayloadProperty(property.Name, ShapeOf(property), nullable, property.IsRequired, property.IsRequired ? required.Count : -1, property.Get);
            if (entry.Required)
            {
                required.Add(entry);
            }

            properties[property.Name] = entry;
        }

        if (required.Count > 64)
        {
            throw new NotSupportedException($"{info.Type}: more than 64 required properties.");
        }

        _properties = properties.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Properties = _properties.GetAlternateLookup<ReadOnlySpan<char>>();
        RequiredProperties = required;
        UserIdProperties = [.. properties.Values.Where(p => p.Shape.Kind == ShapeKind.UserId)];
        LongestName = properties.Count == 0 ? 0 : properties.Keys.Max(k => k.Length);
    }

    /// <summary>The property's shape; a <see cref="SlackUserIdAttribute"/> makes a string (or the strings of a list) user IDs.</summary>
    private static PayloadShape ShapeOf(JsonPropertyInfo property)
    {
        var shape = ForCore(property.PropertyType);
        if (property.AttributeProvider?.IsDefined(typeof(SlackUserIdAttribute), inherit: true) != true)
        {
            return shape;
        }

        return shape.Kind switch
        {
            ShapeKind.String => UserIdShape,
            ShapeKind.Array when shape.Element!.Kind == ShapeKind.String => new PayloadShape(shape.ClrType, ShapeKind.Array) { Element = UserIdShape },
            _ => throw new NotSupportedException($"{property.Name}: [SlackUserId] belongs on a string or a list of strings."),
        };
    }

    private static ShapeKind KindOf(JsonTypeInfo info)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                return ShapeKind.Object;
            case JsonTypeInfoKind.Enumerable:
                return ShapeKind.Array;
            case JsonTypeInfoKind.Dictionary:
                return ShapeKind.Map;
        }

        var type = info.Type;
        if (type == typeof(JsonElement))
        {
            return ShapeKind.Any;
        }

        if (type == typeof(string))
        {
            return ShapeKind.String;
        }

        if (type == typeof(bool))
        {
            return ShapeKind.Boolean;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(double))
        {
            return ShapeKind.Number;
        }

        throw new NotSupportedException($"{type} cannot be checked before deserialisation; describe it in PayloadShape.");
    }
}
