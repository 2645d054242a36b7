using System.Net;
using System.Net.Http.Headers;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Foundation;

/// <summary>
/// On real Kestrel, a body refused for its size (413 before it is read) must not spoil the connection for the client's next
/// request: the answer closes the connection, and the client's next call opens a new one.
/// </summary>
public sealed class OversizedBodyTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    public async Task A_413_leaves_the_clients_next_request_on_the_same_client_unharmed()
    {
        var client = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var big = new byte[600 * 1024];
        for (var i = 0; i < 30; i++)
        {
            var content = new ByteArrayContent(big);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var refused = await client.PostAsync("/api/catalog/entries", content);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var next = await client.GetAsync("/api/jurisdictions/350800");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
    }
}
