using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SlackChampionBot.Slack.Blocks;

/// <summary>
/// The <c>"type"</c> member of every Block Kit object. Each concrete type always writes its own <c>type</c>, whether it
/// is declared as itself (<c>HeaderBlock.Text</c> is a <see cref="PlainText"/>) or as its base (<c>SectionBlock.Text</c>
/// is a <see cref="TextObject"/>): attribute-based polymorphism writes the discriminator only in the second case, and
/// Slack rejects a text object without a type.
/// </summary>
internal static class BlockKitJson
{
    private static readonly Dictionary<Type, string> TypeNames = new()
    {
        [typeof(PlainText)] = "plain_text",
        [typeof(Markdown)] = "mrkdwn",
        [typeof(ContextText)] = "mrkdwn",
        [typeof(ContextPlainText)] = "plain_text",
        [typeof(SectionBlock)] = "section",
        [typeof(ActionsBlock)] = "actions",
        [typeof(ContextBlock)] = "context",
        [typeof(HeaderBlock)] = "header",
        [typeof(DividerBlock)] = "divider",
        [typeof(InputBlock)] = "input",
        [typeof(ImageBlock)] = "image",
        [typeof(Button)] = "button",
        [typeof(PlainTextInput)] = "plain_text_input",
        [typeof(StaticSelectMenu)] = "static_select",
        [typeof(ExternalSelectMenu)] = "external_select",
        [typeof(UserSelectMenu)] = "users_select",
        [typeof(UserMultiSelectMenu)] = "multi_users_select",
        [typeof(Image)] = "image",
        [typeof(ModalViewDefinition)] = "modal",
        [typeof(HomeViewDefinition)] = "home",
    };

    /// <summary>The abstract bases that properties are declared as; reading picks the concrete type from "type".</summary>
    private static readonly Type[] Bases = [typeof(TextObject), typeof(Block), typeof(BlockElement), typeof(ActionElement), typeof(IContextElement), typeof(ViewDefinition)];

    /// <summary>Adds a read-only <c>type</c> property, first, to every concrete Block Kit type.</summary>
    public static void AddTypeProperty(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || !TypeNames.TryGetValue(typeInfo.Type, out var name))
        {
            return;
        }

        var property = typeInfo.CreateJsonPropertyInfo(typeof(string), "type");
        property.Get = _ => name;
        property.Order = -1;
        typeInfo.Properties.Insert(0, property);
    }

    /// <summary>Serialises values declared as a base type as their runtime type; reads them by their "type".</summary>
    public sealed class BaseTypeConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => Bases.Contains(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(BaseTypeConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class BaseTypeConverter<TBase> : JsonConverter<TBase>
        where TBase : class
    {
        public override TBase? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
            var concrete = TypeNames.FirstOrDefault(p => p.Value == type && typeof(TBase).IsAssignableFrom(p.Key)).Key
                ?? throw new JsonException($"Unknown {typeof(TBase).Name} type \"{type}\".");
            return (TBase?)document.RootElement.Deserialize(concrete, options);
        }

        public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, value.GetType(), options);
    }
}
