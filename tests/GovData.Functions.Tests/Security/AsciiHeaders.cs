using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Http;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Security;

/// <summary>
/// Kestrel refuses a response header value that is not ASCII (the client gets a 500 after the handler finished), but the
/// tests run on TestServer, which passes such values through. These assertions make that class of failure show here; the
/// sweep over real Kestrel comes with the new host (issue 14).
/// </summary>
public static class AsciiHeaders
{
    /// <summary>Asserts that every response and content header value is visible ASCII.</summary>
    public static void AssertAll(HttpResponseMessage response)
    {
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            foreach (var value in values)
                Assert.True(HeaderValues.IsAscii(value), $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}: header {name} is not ASCII: {value}");
    }
}

/// <summary>Every endpoint, called with every role: no answer carries a header Kestrel would refuse.</summary>
public sealed class AsciiHeaderSweepTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    public async Task No_endpoint_answers_with_a_non_ASCII_header()
    {
        app.CreateClient().Dispose();
        var token = app.TokenFor(DemoJurisdiction.DataAuthority, Enum.GetValues<Role>());
        var client = app.CreateClient();
        var swept = 0;
        foreach (var e in EndpointCatalog.All(app.Services))
        {
            var request = new HttpRequestMessage(new HttpMethod(e.Method), e.Path);
            // Chinese text in the body, as real callers send it (a name, a reason): it must never leak into a header.
            if (e.Method is "POST" or "PUT" or "PATCH")
                request.Content = new StringContent("""{"name":"龙岩市人口基本信息","reason":"依据第十三条","purpose":"办理企业开办登记"}""", Encoding.UTF8, "application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            AsciiHeaders.AssertAll(response);
            swept++;
        }
        Assert.True(swept > 50, $"only {swept} endpoints swept");
    }

    [Fact]
    public void The_header_check_refuses_non_ASCII_and_RFC_8187_encodes_it()
    {
        Assert.True(HeaderValues.IsAscii("non-profit research and education only (grant 1; rule openApplication.academicNonProfitOnly)"));
        Assert.False(HeaderValues.IsAscii("004 第十八条"));
        Assert.Contains("X-Test", Assert.Throws<InvalidOperationException>(() => HeaderValues.Ascii("X-Test", "第十八条")).Message);
        var encoded = HeaderValues.Rfc8187("仅限科研；004 第十八条");
        Assert.True(HeaderValues.IsAscii(encoded));
        Assert.Equal("仅限科研；004 第十八条", Uri.UnescapeDataString(encoded["UTF-8''".Length..]));
    }
}
