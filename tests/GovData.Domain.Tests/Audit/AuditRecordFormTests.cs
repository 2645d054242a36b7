using GovData.Domain.Audit;

namespace GovData.Domain.Tests.Audit;

/// <summary>The data owner joins the canonical form only when set, so records chained before it existed still verify.</summary>
public sealed class AuditRecordFormTests
{
    private static AuditRecord Record() => new()
    {
        Id = "r1", Jurisdiction = "350800", At = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8)), UserId = "u1",
        Department = "11350800MB0001004N", Action = "catalog.entry.read", Resource = "catalog/350800/entries/e1", Outcome = AuditOutcome.Succeeded,
    };

    [Fact]
    public void A_record_without_a_data_owner_hashes_as_before()
    {
        var json = AuditChain.CanonicalJson(Record());
        Assert.DoesNotContain("dataOwner", json);
        // The form the chain had before the field existed: every property, nulls written, in declaration order.
        Assert.StartsWith("{\"id\":\"r1\",\"jurisdiction\":\"350800\",\"at\":\"2026-11-24T10:00:00+08:00\",\"userId\":\"u1\",\"department\":\"11350800MB0001004N\",\"roles\":null,\"action\":\"catalog.entry.read\",\"resource\":\"catalog/350800/entries/e1\",\"dataContent\":null", json);
    }

    [Fact]
    public void A_data_owner_is_part_of_the_hash_and_survives_a_round_trip()
    {
        var owned = Record() with { DataOwner = "11350800MB0001003K" };
        Assert.Contains("\"dataOwner\":\"11350800MB0001003K\"", AuditChain.CanonicalJson(owned));
        Assert.NotEqual(AuditChain.HashOf(AuditChain.Genesis, Record()), AuditChain.HashOf(AuditChain.Genesis, owned));
        var line = AuditChain.ToLine(AuditChain.Link(AuditChain.Genesis, owned));
        Assert.Null(AuditChain.Verify(new DateOnly(2026, 11, 24), [line], AuditChain.Genesis, out _));
        Assert.Equal("11350800MB0001003K", AuditChain.FromLine(line)!.Record.DataOwner);
    }
}
