using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Slack.Tests.WebApi;

/// <summary>The bot token goes to Slack's Web API host and nowhere else.</summary>
public sealed class SlackTokenScopeTests
{
    [Fact]
    public async Task Upload_ToSlacksUploadUrl_CarriesNoToken()
    {
        await using var host = await SlackWebApiTestHost.Start();

        await host.Client.Files.Upload("a,b\n1,2\n"u8.ToArray(), "export.csv", "D1");

        var file = Assert.Single(host.Fake.Files());
        Assert.True(file.Completed);
        Assert.Null(file.UploadAuthorization);
        Assert.All(host.Fake.Calls(), call => Assert.Equal("Bearer " + SlackWebApiTestHost.BotToken, call.Authorization));
    }

    [Fact]
    public async Task Upload_ToAnotherHost_CarriesNoToken()
    {
        await using var host = await SlackWebApiTestHost.Start();
        await using var elsewhere = await FakeSlackWebApi.StartAsync();
        host.Fake.Handle("files.getUploadURLExternal", _ => FakeSlackResponse.Json(new { ok = true, upload_url = new Uri(elsewhere.BaseUrl, "upload_sink").ToString(), file_id = "F0ELSEWHERE" }));
        host.Fake.Handle("files.completeUploadExternal", _ => FakeSlackResponse.Json(new { ok = true, files = new[] { new { id = "F0ELSEWHERE" } } }));

        await host.Client.Files.Upload("secret,export\n"u8.ToArray(), "export.csv", "D1");

        var upload = Assert.Single(elsewhere.Calls());
        Assert.Equal("upload_sink", upload.Method);
        Assert.Null(upload.Authorization);
        Assert.DoesNotContain(SlackWebApiTestHost.BotToken, upload.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://files.slack.example/upload/v1/abc")]
    [InlineData("ftp://files.slack.com/upload/v1/abc")]
    public async Task Upload_NotHttpsAndNotLoopback_IsRefusedBeforeSending(string uploadUrl)
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.Handle("files.getUploadURLExternal", _ => FakeSlackResponse.Json(new { ok = true, upload_url = uploadUrl, file_id = "F0PLAIN" }));

        var error = await Assert.ThrowsAsync<SlackException>(() => host.Client.Files.Upload("x"u8.ToArray(), "export.csv", "D1"));

        Assert.Equal("upload_url_not_https", error.ErrorCode);
        Assert.DoesNotContain(host.Fake.Calls(), c => c.Method == "files.completeUploadExternal");
    }
}
