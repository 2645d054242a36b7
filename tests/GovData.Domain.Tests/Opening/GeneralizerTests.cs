using GovData.Domain.Opening;

namespace GovData.Domain.Tests.Opening;

public class GeneralizerTests
{
    [Theory]
    [InlineData("1990-03-07", "1990")]
    [InlineData("19900307", "1990")]
    [InlineData("1990年3月7日", "1990")]
    [InlineData("1990-03-07T08:30:00", "1990")]
    [InlineData("不详", "")] // unreadable dates are suppressed, not passed through
    [InlineData("07/03/1990", "")]
    public void Dates_become_their_year(string value, string expected) =>
        Assert.Equal(expected, Generalizer.Apply(Generalization.Year, value));

    [Theory]
    [InlineData("1990-03-07", "1990-03")]
    [InlineData("19901107", "1990-11")]
    [InlineData("1990/3/7", "1990-03")]
    [InlineData("1990年12月1日", "1990-12")]
    [InlineData("1990-13-01", "")]
    public void Dates_become_their_month(string value, string expected) =>
        Assert.Equal(expected, Generalizer.Apply(Generalization.Month, value));

    [Theory]
    [InlineData("福建省龙岩市新罗区西陂街道龙腾中路123号", "福建省龙岩市新罗区")]
    [InlineData("福建省龙岩市长汀县汀州镇兆征路8号3栋", "福建省龙岩市长汀县")]
    [InlineData("北京市市辖区东城区东华门街道", "北京市市辖区")]
    [InlineData("内蒙古自治区呼和浩特市新城区中山路1号", "内蒙古自治区呼和浩特市新城区")]
    [InlineData("新疆维吾尔自治区阿克苏地区库车县团结路", "新疆维吾尔自治区阿克苏地区库车县")]
    [InlineData("香港特别行政区中西区皇后大道", "香港特别行政区中西区")]
    [InlineData("福建省龙岩市漳平市菁城街道桂林路2号", "福建省龙岩市漳平市")]
    [InlineData("龙岩市某某路1号", "龙岩市")]
    [InlineData("某某路1号", "")]
    public void Addresses_are_cut_after_the_district(string value, string expected) =>
        Assert.Equal(expected, Generalizer.Apply(Generalization.District, value));
}
