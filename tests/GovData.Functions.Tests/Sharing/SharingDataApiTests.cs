using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Domain.Audit;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Sharing;

/// <summary>The data calls over real curated data: API query, verification (比对验证) and download links, under a grant and directly.</summary>
public sealed class SharingDataApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly SharedDataApi _api = new(app);
    private const string Purpose = SharedDataApi.Purpose;

    [Fact]
    public async Task The_query_returns_only_the_requested_granted_columns_filtered_and_in_pages_and_is_audited()
    {
        var entryId = await _api.PublishWithDataAsync();
        var grant = await _api.GrantAsync(entryId, ["公民身份号码", "性别", "登记日期"], "Api");
        var url = $"/api/sharing/grants/{grant}/query";
        var requester = _api.Sharing.Requester;
        // Paging and filters on any item are free-form queries, which Longyan does not offer as a rule (004 第十三条):
        // the DataAuthority records an exception for this department first (BulkExportAndFreeQueryApiTests covers the rule).
        await _api.AllowBulkExportAndFreeQueryAsync(entryId);

        // Filtered on 性别 = 女 (rows 0, 3, ..., 27), two columns, pages of 4: every matching row once, in file order.
        var (rows, _) = await SharedDataApi.QueryAllAsync(requester, url,
            new { items = new[] { "公民身份号码", "性别" }, filters = new Dictionary<string, string> { ["性别"] = "女" }, purpose = Purpose, top = 4 },
            token => new { items = new[] { "公民身份号码", "性别" }, filters = new Dictionary<string, string> { ["性别"] = "女" }, purpose = Purpose, top = 4, continuationToken = token }, 4);
        Assert.Equal(Enumerable.Range(0, 30).Where(n => n % 3 == 0).Select(n => Id(n)), rows.Select(r => r.GetProperty("公民身份号码").GetString()));
        Assert.All(rows, r => Assert.Equal(["公民身份号码", "性别"], r.EnumerateObject().Select(p => p.Name)));
        Assert.All(rows, r => Assert.Equal("女", r.GetProperty("性别").GetString()));

        // Without items: every granted item, and nothing else; dates in the curated form.
        var all = await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, top = 1000 })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(30, all.GetProperty("count").GetInt32());
        Assert.Equal(1, all.GetProperty("version").GetInt32());
        Assert.False(all.TryGetProperty("continuationToken", out _));
        var first = all.GetProperty("rows")[0];
        Assert.Equal(["公民身份号码", "性别", "登记日期"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2024-01-01", first.GetProperty("登记日期").GetString());

        // A filter on an item that matches nothing: an empty page, not an error.
        var none = await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, filters = new Dictionary<string, string> { ["公民身份号码"] = "000" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, none.GetProperty("count").GetInt32());

        // Bad input names the field.
        await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, top = 0 })).ShouldNameField("top");
        await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, top = 100_000 })).ShouldNameField("top");
        await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, continuationToken = "forged.token" })).ShouldNameField("continuationToken");
        await (await requester.PostAsJsonAsync(url, new { purpose = "" })).ShouldNameField("purpose");
        // A continuation token is bound to its query: other filters with it are refused.
        var page1 = await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, top = 2 })).ShouldBe(HttpStatusCode.OK);
        var token = page1.GetProperty("continuationToken").GetString()!;
        await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, top = 2, continuationToken = token, filters = new Dictionary<string, string> { ["性别"] = "男" } }))
            .ShouldNameField("continuationToken");
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, top = 2, continuationToken = tampered })).ShouldNameField("continuationToken");
        var page2 = await (await requester.PostAsJsonAsync(url, new { purpose = Purpose, top = 2, continuationToken = token })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Id(2), page2.GetProperty("rows")[0].GetProperty("公民身份号码").GetString());

        // Audited with purpose, DataOwner (the provider), items, method and medium.
        var records = await _api.AuditAsync("350800", $"sharing/350800/grants/{grant}");
        var used = records.Where(r => r.Action == "sharing.data.query" && r.Outcome == AuditOutcome.Succeeded).ToList();
        Assert.True(used.Count >= 5);
        Assert.All(used, r =>
        {
            Assert.Equal(DemoJurisdiction.PublicSecurity.Code, r.DataOwner);
            Assert.Equal(Purpose, r.Purpose);
            Assert.Equal("Api", r.Method);
            Assert.Equal("https json", r.Medium);
            Assert.Contains("user-003K-DataSteward", r.Approver);
        });
        Assert.Contains(used, r => r.DataContent!.Contains("[公民身份号码,性别]", StringComparison.Ordinal) && r.DataContent.Contains("filters [性别]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verification_answers_only_yes_or_no_and_needs_a_verification_grant()
    {
        var entryId = await _api.PublishWithDataAsync();
        var grant = await _api.GrantAsync(entryId, ["公民身份号码", "姓名"], "Verification");
        var url = $"/api/sharing/grants/{grant}/verify";
        var requester = _api.Sharing.Requester;

        var yes = await (await requester.PostAsJsonAsync(url, new { values = new Dictionary<string, string> { ["公民身份号码"] = Id(7), ["姓名"] = SharedDataApi.Name(7) }, purpose = Purpose }))
            .ShouldBe(HttpStatusCode.OK);
        Assert.True(yes.GetProperty("match").GetBoolean());
        Assert.Equal(["entryId", "version", "items", "match"], yes.EnumerateObject().Select(p => p.Name));
        var no = await (await requester.PostAsJsonAsync(url, new { values = new Dictionary<string, string> { ["公民身份号码"] = Id(7), ["姓名"] = SharedDataApi.Name(8) }, purpose = Purpose }))
            .ShouldBe(HttpStatusCode.OK);
        Assert.False(no.GetProperty("match").GetBoolean());
        // Nothing of the record comes back, whichever the answer.
        foreach (var body in new[] { yes.GetRawText(), no.GetRawText() })
            for (var n = 0; n < 30; n++)
                Assert.DoesNotContain(SharedDataApi.Name(n), body, StringComparison.Ordinal);

        await (await requester.PostAsJsonAsync(url, new { values = new Dictionary<string, string>(), purpose = Purpose })).ShouldNameField("values");
        await (await requester.PostAsJsonAsync(url, new { values = new Dictionary<string, string?> { ["姓名"] = null }, purpose = Purpose })).ShouldNameField("values.姓名");
        // Comparing an item outside the grant would reveal it: refused.
        await (await requester.PostAsJsonAsync(url, new { values = new Dictionary<string, string> { ["联系电话"] = SharedDataApi.Phone(7) }, purpose = Purpose })).ShouldBeProblem(HttpStatusCode.Forbidden);
        // The grant is for verification: no query, no download.
        await (await requester.PostAsJsonAsync($"/api/sharing/grants/{grant}/query", new { purpose = Purpose })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await requester.PostAsJsonAsync($"/api/sharing/grants/{grant}/download-links", new { purpose = Purpose })).ShouldBeProblem(HttpStatusCode.Forbidden);

        var records = await _api.AuditAsync("350800", $"sharing/350800/grants/{grant}");
        var verified = records.Where(r => r.Action == "sharing.data.verify" && r.Outcome == AuditOutcome.Succeeded).ToList();
        Assert.Equal(2, verified.Count);
        Assert.All(verified, r => Assert.Equal("Verification", r.Method));
        Assert.Contains(verified, r => r.DataContent!.EndsWith("-> match", StringComparison.Ordinal));
        Assert.All(verified, r => Assert.DoesNotContain(SharedDataApi.Name(7), r.DataContent!, StringComparison.Ordinal));
        Assert.Contains(records, r => r.Action == "sharing.data.query" && r.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task A_download_link_gives_a_file_of_the_granted_columns_to_its_holder_until_it_expires_or_the_grant_is_revoked()
    {
        var entryId = await _api.PublishWithDataAsync();
        var grant = await _api.GrantAsync(entryId, ["公民身份号码", "登记日期"], "FileDownload");
        var linkUrl = $"/api/sharing/grants/{grant}/download-links";
        // A whole file is a bulk export, not offered in Longyan as a rule (004 第十三条): the DataAuthority's exception first.
        await _api.AllowBulkExportAndFreeQueryAsync(entryId);

        var link = await (await _api.Sharing.Requester.PostAsJsonAsync(linkUrl, new { purpose = Purpose })).ShouldBe(HttpStatusCode.Created);
        var url = link.GetProperty("url").GetString()!;
        Assert.StartsWith("/api/sharing/downloads/", url);
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(10), link.GetProperty("expiresAt").GetDateTimeOffset());

        var file = await _api.Sharing.Requester.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        var lines = (await file.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("公民身份号码,登记日期", lines[0]);
        Assert.Equal(Enumerable.Range(0, 30).Select(n => $"{Id(n)},2024-01-{1 + n % 28:00}"), lines[1..]);

        // The link is its holder's only: another user of the same department, the provider and a stranger find nothing.
        var colleague = app.CreateClient();
        colleague.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor("colleague-1", DemoJurisdiction.MarketRegulation.Code, "350800", Role.DataSteward));
        await (await colleague.GetAsync(url)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Sharing.Provider.GetAsync(url)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Sharing.Outsider.GetAsync(url)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Sharing.Requester.GetAsync(url[..^3] + "xyz")).ShouldBeProblem(HttpStatusCode.NotFound);
        // Items outside the grant cannot be put in a link.
        await (await _api.Sharing.Requester.PostAsJsonAsync(linkUrl, new { purpose = Purpose, items = new[] { "公民身份号码", "联系电话" } })).ShouldBeProblem(HttpStatusCode.Forbidden);

        // Minutes later the link is gone.
        app.Time.Advance(TimeSpan.FromMinutes(11));
        var expired = await (await _api.Sharing.Requester.GetAsync(url)).ShouldBeProblem(HttpStatusCode.Gone);
        Assert.Contains("expired", expired.GetProperty("detail").GetString());

        // A fresh link stops working the moment the provider revokes the grant.
        var fresh = (await (await _api.Sharing.Requester.PostAsJsonAsync(linkUrl, new { purpose = Purpose, items = new[] { "登记日期" } })).ShouldBe(HttpStatusCode.Created)).GetProperty("url").GetString()!;
        var narrow = await (await _api.Sharing.Requester.GetAsync(fresh)).Content.ReadAsStringAsync();
        Assert.StartsWith("登记日期\n2024-01-01\n", narrow);
        await (await _api.Sharing.Provider.PostAsJsonAsync($"/api/sharing/grants/{grant}/revoke", new { reasons = new[] { "停止共享" } })).ShouldBe(HttpStatusCode.OK);
        var revoked = await (await _api.Sharing.Requester.GetAsync(fresh)).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.Contains("revoked", revoked.GetProperty("detail").GetString());

        var records = await _api.AuditAsync("350800", $"sharing/350800/grants/{grant}");
        var downloads = records.Where(r => r.Action == "sharing.data.download").ToList();
        Assert.Equal(2, downloads.Count(r => r.Outcome == AuditOutcome.Succeeded));
        Assert.Contains(downloads, r => r.Outcome == AuditOutcome.Refused && r.Reason!.Contains("expired", StringComparison.Ordinal));
        Assert.All(downloads, r => { Assert.Equal("FileDownload", r.Method); Assert.Equal(DemoJurisdiction.PublicSecurity.Code, r.DataOwner); Assert.Equal(Purpose, r.Purpose); });
        Assert.Equal(2, records.Count(r => r.Action == "sharing.data.download-link" && r.Outcome == AuditOutcome.Succeeded));
    }

    [Fact]
    public async Task Unconditional_data_is_used_directly_from_the_latest_version_not_removed_and_no_version_is_a_clear_problem()
    {
        var entryId = await _api.Aggregation.Catalog.PublishAsync(SharedDataApi.EntryBody("Unconditional"));
        var requester = _api.Sharing.Requester;
        // Reading whole columns and downloading are a free-form query and a bulk export in Longyan (004 第十三条): excepted here.
        await _api.AllowBulkExportAndFreeQueryAsync(entryId);
        var query = $"/api/sharing/entries/{entryId}/query";
        var ask = new { items = new[] { "公民身份号码", "性别" }, purpose = "核验企业法定代表人" };

        // Nothing aggregated yet: a 409 that says so, audited as refused.
        var nothing = await (await requester.PostAsJsonAsync(query, ask)).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("no curated data", nothing.GetProperty("detail").GetString());
        await (await requester.PostAsJsonAsync($"/api/sharing/entries/{entryId}/verify", new { values = new Dictionary<string, string> { ["性别"] = "女" }, purpose = "核验" }))
            .ShouldBeProblem(HttpStatusCode.Conflict);

        await _api.WriteVersionAsync("350800", entryId, DemoJurisdiction.PublicSecurity.Code, 1, SharedDataApi.Csv(3));
        await _api.WriteVersionAsync("350800", entryId, DemoJurisdiction.PublicSecurity.Code, 2, SharedDataApi.Csv(5));
        // Longyan needs no filing: any department of the jurisdiction reads it directly, only the asked columns.
        var v2 = await (await requester.PostAsJsonAsync(query, ask)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal(5, v2.GetProperty("count").GetInt32());
        Assert.All(v2.GetProperty("rows").EnumerateArray(), r => Assert.Equal(["公民身份号码", "性别"], r.EnumerateObject().Select(p => p.Name)));
        var yes = await (await _api.Sharing.Outsider.PostAsJsonAsync($"/api/sharing/entries/{entryId}/verify",
            new { values = new Dictionary<string, string> { ["公民身份号码"] = Id(4), ["姓名"] = SharedDataApi.Name(4) }, purpose = "核验" })).ShouldBe(HttpStatusCode.OK);
        Assert.True(yes.GetProperty("match").GetBoolean());
        // Department staff use shared data; a public applicant's token does not reach it.
        await (await app.ClientFor(DemoJurisdiction.MarketRegulation, Role.PublicApplicant).PostAsJsonAsync(query, ask)).ShouldBeProblem(HttpStatusCode.Forbidden);

        // A removed version is no longer served: the one before it is current again; with none left, the clear problem.
        await _api.RemoveVersionAsync("350800", entryId, 2);
        var v1 = await (await requester.PostAsJsonAsync(query, ask)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal(3, v1.GetProperty("count").GetInt32());
        var link = (await (await requester.PostAsJsonAsync($"/api/sharing/entries/{entryId}/download-links", new { items = new[] { "性别" }, purpose = "核验" }))
            .ShouldBe(HttpStatusCode.Created)).GetProperty("url").GetString()!;
        await _api.RemoveVersionAsync("350800", entryId, 1);
        // A link to a version removed since it was issued no longer gives the file.
        await (await requester.GetAsync(link)).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await requester.PostAsJsonAsync(query, ask)).ShouldBeProblem(HttpStatusCode.Conflict);

        // Items not of the entry, a method the entry does not offer, Conditional data directly: refused as the access check refuses them.
        await (await requester.PostAsJsonAsync(query, new { items = new[] { "学历" }, purpose = "核验" })).ShouldNameField("items[0]");
        var conditional = await _api.PublishWithDataAsync(rows: 3);
        await (await requester.PostAsJsonAsync($"/api/sharing/entries/{conditional}/query", ask)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await requester.PostAsJsonAsync("/api/sharing/entries/no-such-entry/query", ask)).ShouldBeProblem(HttpStatusCode.NotFound);

        var records = await _api.AuditAsync("350800", $"catalog/350800/entries/{entryId}");
        Assert.Contains(records, r => r.Action == "sharing.data.query" && r.Outcome == AuditOutcome.Refused && r.Reason!.Contains("no curated data", StringComparison.Ordinal));
        var direct = records.Where(r => r.Action == "sharing.data.query" && r.Outcome == AuditOutcome.Succeeded).ToList();
        Assert.Equal(2, direct.Count);
        Assert.All(direct, r => { Assert.Equal(DemoJurisdiction.PublicSecurity.Code, r.DataOwner); Assert.Equal("核验企业法定代表人", r.Purpose); Assert.Equal("Api", r.Method); });
    }

    [Fact]
    public async Task In_Shijiazhuang_direct_use_of_Unconditional_data_needs_a_filing_first()
    {
        const string jur = "130100";
        static string Code(string unit)
        {
            var first17 = "11130100MB000100" + unit;
            return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
        }
        HttpClient Client(string unit, Role role)
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor($"sjz-{unit}-{role}", Code(unit), jur, role));
            return client;
        }
        var steward = Client("3", Role.DataSteward);
        var id = (await (await steward.PostAsJsonAsync("/api/catalog/entries", SharedDataApi.EntryBody("Unconditional"))).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await (await Client("3", Role.CatalogReviewer).PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" })).ShouldBe(HttpStatusCode.OK);
        await (await Client("1", Role.DataAuthority).PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" })).ShouldBe(HttpStatusCode.OK);
        await _api.WriteVersionAsync(jur, id, Code("3"), 1, SharedDataApi.Csv(6));

        var user = Client("4", Role.DataSteward);
        var ask = new { items = new[] { "性别" }, filters = new Dictionary<string, string> { ["性别"] = "女" }, purpose = "核验户籍" };
        var needsFiling = await (await user.PostAsJsonAsync($"/api/sharing/entries/{id}/query", ask)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("sharing.unconditional", needsFiling.GetProperty("rule").GetString());
        await (await user.PostAsJsonAsync($"/api/sharing/entries/{id}/download-links", new { purpose = "核验户籍" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        await (await user.PostAsJsonAsync("/api/sharing/filings", new { entryId = id, purpose = "核验户籍" })).ShouldBe(HttpStatusCode.Created);
        var rows = await (await user.PostAsJsonAsync($"/api/sharing/entries/{id}/query", ask)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, rows.GetProperty("count").GetInt32());
        var records = await _api.AuditAsync(jur, $"catalog/{jur}/entries/{id}");
        Assert.Contains(records, r => r.Action == "sharing.data.query" && r.Outcome == AuditOutcome.Refused && r.DataOwner == Code("3"));
        Assert.Contains(records, r => r.Action == "sharing.data.query" && r.Outcome == AuditOutcome.Succeeded && r.Purpose == "核验户籍");
    }
}
