using System.Text;
using GovData.Domain.Opening;

namespace GovData.Domain.Tests.Opening;

public class PseudonymizerTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("test-secret-of-at-least-32-bytes-long!!");

    [Fact]
    public void The_same_value_gets_the_same_pseudonym_within_a_dataset()
    {
        var p = new Pseudonymizer(Secret, "dataset-a");
        var a = p.Apply("110101199003071233");
        Assert.Equal(a, new Pseudonymizer(Secret, "dataset-a").Apply("110101199003071233"));
        Assert.Equal(a, p.Apply(" 110101199003071233 ")); // surrounding blanks do not make a different person
        Assert.Equal(Pseudonymizer.Length, a.Length);
        Assert.Matches("^[a-z2-7]{16}$", a);
        Assert.NotEqual(a, p.Apply("350802198511120016"));
    }

    [Fact]
    public void Another_dataset_or_another_secret_gives_another_pseudonym()
    {
        var a = new Pseudonymizer(Secret, "dataset-a").Apply("张三");
        Assert.NotEqual(a, new Pseudonymizer(Secret, "dataset-b").Apply("张三"));
        Assert.NotEqual(a, new Pseudonymizer(Encoding.UTF8.GetBytes("another-secret-of-at-least-32-bytes!!"), "dataset-a").Apply("张三"));
    }

    [Fact]
    public void Empty_values_stay_empty_and_short_secrets_are_refused()
    {
        Assert.Equal("", new Pseudonymizer(Secret, "d").Apply("  "));
        Assert.Throws<ArgumentException>(() => new Pseudonymizer(new byte[16], "d"));
    }

    [Fact]
    public void Long_values_are_hashed_too() =>
        Assert.Equal(16, new Pseudonymizer(Secret, "d").Apply(new string('长', 5000)).Length);
}
