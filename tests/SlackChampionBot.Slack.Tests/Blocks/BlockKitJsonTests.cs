using System.Text.Json;
using System.Text.Json.Nodes;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Slack.Tests.Blocks;

public sealed class BlockKitJsonTests
{
    [Fact]
    public void Serialize_EveryTextObject_CarriesItsType_WhetherDeclaredAsBaseOrConcrete()
    {
        var message = new Message
        {
            Channel = "C1",
            Text = "fallback",
            Blocks =
            [
                new HeaderBlock { Text = new PlainText("Weekly board") },
                new SectionBlock { Text = new Markdown("*hi*"), Fields = [new PlainText("a"), new Markdown("b")], Accessory = new Button { Text = "Open", ActionId = "open", Value = "1" } },
                new ContextBlock { Elements = [new ContextText("ctx"), new ContextPlainText("plain"), new Image { ImageUrl = "https://x/y.png", AltText = "y" }] },
                new ActionsBlock { Elements = [new Button { Text = new PlainText("Go"), ActionId = "go", Style = "primary" }] },
                new InputBlock
                {
                    Label = "Stage",
                    Element = new StaticSelectMenu { ActionId = "stage", Options = [new Option { Text = "Order", Value = "order" }] },
                },
                new DividerBlock(),
            ],
        };

        var json = JsonNode.Parse(JsonSerializer.Serialize(message, SlackJson.Options))!;
        var blocks = json["blocks"]!.AsArray();

        Assert.Equal(["header", "section", "context", "actions", "input", "divider"], blocks.Select(b => (string)b!["type"]!));
        Assert.Equal("plain_text", (string)blocks[0]!["text"]!["type"]!);
        Assert.Equal("mrkdwn", (string)blocks[1]!["text"]!["type"]!);
        Assert.True((bool)blocks[1]!["text"]!["verbatim"]!);
        Assert.Equal(["plain_text", "mrkdwn"], blocks[1]!["fields"]!.AsArray().Select(f => (string)f!["type"]!));
        Assert.Equal("button", (string)blocks[1]!["accessory"]!["type"]!);
        Assert.Equal("plain_text", (string)blocks[1]!["accessory"]!["text"]!["type"]!);
        Assert.Equal(["mrkdwn", "plain_text", "image"], blocks[2]!["elements"]!.AsArray().Select(e => (string)e!["type"]!));
        Assert.Equal("plain_text", (string)blocks[3]!["elements"]![0]!["text"]!["type"]!);
        Assert.Equal("plain_text", (string)blocks[4]!["label"]!["type"]!);
        Assert.Equal("static_select", (string)blocks[4]!["element"]!["type"]!);
        Assert.Equal("plain_text", (string)blocks[4]!["element"]!["options"]![0]!["text"]!["type"]!);
        Assert.Single(blocks[0]!.AsObject(), p => p.Key == "type");
    }

    [Fact]
    public void Serialize_ViewsAsThemselves_CarryTheirType()
    {
        var home = JsonNode.Parse(JsonSerializer.Serialize(new HomeViewDefinition { Blocks = [new DividerBlock()] }, SlackJson.Options))!;
        var modal = JsonNode.Parse(JsonSerializer.Serialize<ViewDefinition>(new ModalViewDefinition { Title = "Share a win", CallbackId = "share_win" }, SlackJson.Options))!;

        Assert.Equal("home", (string)home["type"]!);
        Assert.Equal("modal", (string)modal["type"]!);
        Assert.Equal("plain_text", (string)modal["title"]!["type"]!);
        Assert.Equal("share_win", (string)modal["callback_id"]!);
    }

    [Fact]
    public void Deserialize_BlocksByType_RoundTrips()
    {
        IList<Block> blocks = [new SectionBlock { Text = new Markdown("x"), Accessory = new Button { Text = "b", ActionId = "a" } }, new DividerBlock()];

        var json = JsonSerializer.Serialize(blocks, SlackJson.Options);
        var back = JsonSerializer.Deserialize<List<Block>>(json, SlackJson.Options)!;

        var section = Assert.IsType<SectionBlock>(back[0]);
        Assert.Equal("x", Assert.IsType<Markdown>(section.Text).Text);
        Assert.Equal("a", Assert.IsType<Button>(section.Accessory).ActionId);
        Assert.IsType<DividerBlock>(back[1]);
    }
}
