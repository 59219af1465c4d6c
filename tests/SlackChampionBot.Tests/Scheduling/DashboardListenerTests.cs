using Microsoft.Extensions.Configuration;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Tests.Scheduling;

public sealed class DashboardListenerTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void PublicUrls_Urls_AreUsedBeforePorts() =>
        Assert.Equal(["http://127.0.0.1:5100", "http://[::1]:5100"], DashboardListener.PublicUrls(Configuration(("urls", "http://127.0.0.1:5100; http://[::1]:5100"), ("http_ports", "8080"))));

    [Fact]
    public void PublicUrls_HttpAndHttpsPorts_BecomeWildcardUrls() =>
        Assert.Equal(["http://*:8080", "https://*:8443"], DashboardListener.PublicUrls(Configuration(("http_ports", "8080"), ("https_ports", "8443"))));

    [Fact]
    public void PublicUrls_NothingConfigured_IsKestrelsDefault() =>
        Assert.Equal(["http://localhost:5000"], DashboardListener.PublicUrls(Configuration()));

    [Fact]
    public void PublicPorts_KestrelEndpoints_AreTheListenersWhenConfigured() =>
        Assert.Equal([443, 8081], DashboardListener.PublicPorts(Configuration(("urls", "http://*:5000"), ("Kestrel:Endpoints:Https:Url", "https://*:443"), ("Kestrel:Endpoints:Other:Url", "http://0.0.0.0:8081"))).Order());

    [Theory]
    [InlineData("9090", 9090)]
    [InlineData("0", null)]
    [InlineData("65536", null)]
    [InlineData("-1", null)]
    [InlineData("nine", null)]
    [InlineData(null, null)]
    public void ParsePort_Text_IsAPortOrNull(string? text, int? expected) =>
        Assert.Equal(expected, DashboardListener.ParsePort(text));

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void Validate_PortOutOfRange_IsMalformed(int port) =>
        Assert.StartsWith("Scheduling:DashboardPort is malformed: use a free port number", Problem(new SchedulingOptions { DashboardPort = port }));

    [Fact]
    public void Validate_PortOfAPublicListener_IsMalformed() =>
        Assert.StartsWith(
            "Scheduling:DashboardPort is malformed: it is one of the public ports",
            Problem(new SchedulingOptions { DashboardPort = 8080 }, new PublicListeners(new HashSet<int> { 8080 })));

    [Fact]
    public void Validate_PortOfItsOwn_IsValid() =>
        Assert.Null(Problem(new SchedulingOptions { DashboardPort = 9090 }, new PublicListeners(new HashSet<int> { 8080 })));

    private static string? Problem(SchedulingOptions options, PublicListeners? listeners = null)
    {
        var result = new SchedulingOptionsValidator(listeners).Validate(null, options);
        return result.Failed ? result.Failures!.First() : null;
    }
}
