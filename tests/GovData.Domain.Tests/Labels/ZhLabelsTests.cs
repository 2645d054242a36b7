using GovData.Domain.Catalog;
using GovData.Domain.Labels;
using GovData.Domain.Sharing;

namespace GovData.Domain.Tests.Labels;

public sealed class ZhLabelsTests
{
    [Fact]
    public void Every_labelled_enumeration_has_one_distinct_label_per_value()
    {
        foreach (var type in ZhLabels.Types)
        {
            var labels = ZhLabels.Of(type);
            Assert.Equal(Enum.GetNames(type).Order(), labels.Keys.Order());
            Assert.Equal(labels.Count, labels.Values.Distinct().Count());
            Assert.All(labels.Values, l => Assert.False(Enum.GetNames(type).Contains(l), $"{type.Name}: label {l} is also a name"));
        }
    }

    [Theory]
    [InlineData("无条件共享", SharingType.Unconditional)]
    [InlineData(" 有条件共享 ", SharingType.Conditional)]
    [InlineData("不予共享", SharingType.NotShared)]
    [InlineData("Unconditional", SharingType.Unconditional)]
    [InlineData("notshared", SharingType.NotShared)]
    public void A_value_is_read_from_its_name_or_its_label(string text, SharingType expected)
    {
        Assert.True(DataItemsText.TryEnum<SharingType>(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("无条件开放")]
    [InlineData("共享")]
    [InlineData("1")]
    [InlineData("")]
    public void A_label_of_another_enumeration_or_a_number_is_not_a_sharing_type(string text) =>
        Assert.False(DataItemsText.TryEnum<SharingType>(text, out _));

    [Fact]
    public void Labels_read_back_as_their_values()
    {
        Assert.Equal("依申请开放", ZhLabels.Label(OpenType.OnApplication));
        Assert.Equal("待审批", ZhLabels.Label(ShareRequestState.PendingDecision));
        Assert.True(ZhLabels.TryParseLabel<UpdateCycle>("每季度", out var cycle));
        Assert.Equal(UpdateCycle.Quarterly, cycle);
    }
}
