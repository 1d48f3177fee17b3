"""Synthetic Chinese-script personal names for demo deputies, by ethnicity.

Every name is a random combination of hand-written parts (surnames, given names, fathers'
names) and does not describe a real person; a small block list keeps out combinations that
happen to spell a well-known person's name or read as a pun. Names follow the conventions used
in Xinjiang's official documents:

* Han, Hui, Xibe, Manchu and Daur: a Chinese surname and a given name of one or two characters,
  with surname and given-name pools typical of each group.
* Uyghur, Uzbek, Tatar, Tajik, Kazakh and Kyrgyz: ``given name·father's given name`` in the
  standard Chinese transliteration, joined by the middle dot U+00B7 (``阿依古丽·别克``); the
  father's name is always a male name.
* Mongol: a single transliterated name (``巴图``), sometimes followed by the father's name.
* Russian: ``given name·surname`` with the feminine surname for women (``彼得罗娃``).

Ethnicities are GB/T 3304 two-digit codes, genders GB/T 2261.1 codes (``"1"`` male, ``"2"``
female; anything else is treated as male). All randomness comes from the ``random.Random``
passed in, so a seeded generator always yields the same names.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from itertools import accumulate

__all__ = ["ethnicity_mix", "make_name"]

DOT = "·"
FEMALE = "2"
_MAX_TRIES = 12


class _Pool:
    """An immutable list of strings with optional integer weights, drawn from with ``pick``."""

    __slots__ = ("_cum", "items")

    def __init__(self, items: tuple[str, ...], weights: tuple[int, ...] | None = None) -> None:
        if not items:
            raise ValueError("empty name pool")
        if weights is not None and len(weights) != len(items):
            raise ValueError("weights do not match items")
        self.items = items
        self._cum: tuple[int, ...] | None = (
            tuple(accumulate(weights)) if weights is not None else None
        )

    def pick(self, rng: random.Random) -> str:
        """Return one item, honouring the weights if there are any."""
        if self._cum is None:
            return rng.choice(self.items)
        return rng.choices(self.items, cum_weights=self._cum, k=1)[0]

    def __add__(self, other: _Pool) -> _Pool:
        """Concatenate two unweighted pools, dropping duplicates but keeping order."""
        if self._cum is not None or other._cum is not None:
            raise TypeError("only unweighted pools can be concatenated")
        return _Pool(tuple(dict.fromkeys(self.items + other.items)))


def _words(text: str) -> _Pool:
    """An unweighted pool from whitespace-separated words."""
    return _Pool(tuple(dict.fromkeys(text.split())))


def _weighted(text: str) -> _Pool:
    """A weighted pool from whitespace-separated ``word:weight`` tokens."""
    items: list[str] = []
    weights: list[int] = []
    for token in text.split():
        word, _, weight = token.partition(":")
        items.append(word)
        weights.append(int(weight))
    return _Pool(tuple(items), tuple(weights))


# ---------------------------------------------------------------------------------------------
# Han-style names
# ---------------------------------------------------------------------------------------------

# Weights roughly follow national surname frequencies (per ten thousand people), nudged toward
# the provinces most Xinjiang Han families came from (Henan, Gansu, Sichuan, Shandong, Jiangsu).
_HAN_SURNAMES = _weighted(
    "王:730 李:710 张:680 刘:560 陈:440 杨:330 赵:230 黄:190 周:190 吴:190 "
    "徐:130 孙:130 马:120 朱:110 胡:110 郭:120 何:100 高:110 林:80 罗:90 "
    "郑:80 梁:80 谢:70 宋:80 唐:70 许:70 韩:70 冯:70 邓:60 曹:60 "
    "彭:60 曾:50 肖:50 田:60 董:60 袁:50 潘:40 于:50 蒋:40 蔡:40 "
    "余:40 杜:40 叶:40 程:40 苏:40 魏:50 吕:40 丁:40 任:40 沈:30 "
    "姚:30 卢:30 姜:40 崔:30 钟:30 谭:30 陆:30 汪:30 范:30 金:30 "
    "石:30 廖:20 贾:30 夏:30 付:30 方:30 白:30 邹:20 孟:30 熊:20 "
    "秦:20 邱:20 江:20 尹:20 薛:20 闫:30 段:20 雷:20 侯:20 龙:10 "
    "史:20 陶:20 贺:20 顾:20 毛:20 郝:20 邵:20 武:20 祁:10 牛:10"
)

_HAN_MALE_2 = _words(
    """
    建国 建军 建华 建平 建明 建新 建峰 建伟 建林 建勇 建忠 建春 建成 建荣
    国庆 国强 国华 国平 国栋 国良 国荣 国富 国祥 国胜 国辉 国锋 国林 国兴
    志刚 志强 志勇 志军 志明 志远 志宏 志国 志新 志华 志坚 志鹏 志斌 志超
    文斌 文杰 文华 文军 文龙 文涛 文博 文俊 文彬 文清 文亮 文忠
    明辉 明亮 明华 明杰 明远 明轩 明哲 明德 明山
    海涛 海峰 海龙 海波 海东 海洋 海明 海林 海滨 海生 海平
    永刚 永强 永平 永胜 永福 永军 永辉 永祥 永成 永新 永康 永忠
    俊杰 俊峰 俊华 俊辉 俊宇 俊豪 俊熙 俊良
    德明 德胜 德才 德福 德林 德荣 德兴 德全 德宝 德海
    晓东 晓峰 晓军 晓波 晓龙 晓辉 晓光 晓刚 晓阳 晓斌 晓勇 晓飞
    家豪 家明 家乐 家俊 家兴 家辉 家骏
    振华 振国 振宇 振东 振江 振兴 振海
    宏伟 宏亮 宏图 宏斌 宏刚 宏宇 宏涛
    少华 少军 少东 少杰
    天明 天宇 天佑 天翔 天华 天成
    学军 学文 学明 学东 学斌 学勤 学成
    立新 立军 立平 立华 立国 立强 立伟 立群
    世杰 世明 世忠 世平 世雄 世龙 世荣
    正平 正阳 正华 正国 正刚
    新民 新华 新建 新春 新宇 新亮
    春生 春明 春华 春雷 春林
    光明 光辉 光荣 光华 光耀
    玉龙 玉林 玉山 玉祥 玉柱 玉海
    长青 长林 长胜 长海 长军
    成林 成刚 成军 成杰
    云龙 云峰 云飞 云鹏 云涛
    金山 金龙 金宝 金海 金生 金成
    庆华 庆丰 庆林 庆祥 庆国
    卫东 卫国 卫华 卫平 卫民
    军辉 军华 军强
    鹏飞 鹏程 鹏宇
    浩然 浩宇 浩天 浩东 浩楠 浩洋
    子轩 子豪 子健 子恒 子杰 子墨 子强 子航
    嘉豪 嘉俊 嘉明 嘉伟 嘉树
    博文 博涛 博宇
    宇航 宇轩 宇飞 宇鹏 宇杰
    思远 思源 思宇
    锦程 锦辉
    泽宇 泽华 泽林
    一鸣 一帆 一凡 一航
    承志 承宇 承恩
    书豪 书林 书恒
    兴华 兴国 兴旺 兴业
    瑞华 瑞峰 瑞林
    江涛 江波
    东升 东明 东旭 东亮
    旭东 旭辉 旭光
    华强 华军 华林
    铁军 雪峰 雪松 晨阳 佳豪 继红 继军 继业 培林 培军
    """
)

_HAN_FEMALE_2 = _words(
    """
    秀英 秀兰 秀珍 秀芳 秀梅 秀云 秀华 秀丽 秀娟 秀琴
    桂英 桂兰 桂芳 桂珍 桂香 桂荣 桂花
    玉兰 玉梅 玉珍 玉芳 玉华 玉洁 玉婷 玉凤 玉琴
    美玲 美华 美琴 美霞 美娟
    丽娟 丽华 丽萍 丽娜 丽芳 丽霞 丽丽 丽红 丽敏
    晓燕 晓红 晓丽 晓梅 晓霞 晓琳 晓慧 晓娟 晓敏 晓婷 晓雪 晓静 晓英
    海燕 海霞 海英 海蓉
    春梅 春兰 春燕 春花 春霞 春艳 春玲
    红梅 红霞 红艳 红英 红燕 红丽
    凤英 凤兰 凤霞 凤琴 凤珍
    金花 金凤 金兰 金萍 金玲
    淑华 淑芬 淑珍 淑英 淑兰 淑敏
    雪梅 雪莲 雪琴 雪芳 雪婷
    静怡 静雯 静茹
    婷婷 丹丹 娜娜 莉莉 倩倩 蕾蕾 琳琳 芳芳
    慧敏 慧芳 慧琳 慧娟
    雅琴 雅婷 雅静 雅楠 雅丽 雅雯
    欣怡 欣悦 欣然 欣妍
    思琪 思雨 思涵 思颖 思佳
    梦瑶 梦琪 梦洁 梦雪
    佳慧 佳琪 佳怡 佳欣 佳颖
    紫涵 紫萱
    雨婷 雨欣 雨萱 雨晴
    诗涵 诗琪 诗雨
    艳红 艳萍 艳玲 艳芳 艳华 艳梅
    亚楠 亚琴 亚芳 亚丽
    月娥 月华 月梅 月琴
    彩霞 彩云 彩凤
    翠兰 翠萍 翠英
    素芬 素珍 素梅 素琴
    爱华 爱萍 爱英 爱琴
    冬梅 秋月 秋霞 秋萍 瑞雪
    文静 文娟 文慧 文婷
    明珠 明霞 明月
    燕玲 燕萍 燕妮
    兰英 兰芳 梅芳 婉婷 婉清
    小红 小燕 小芳 小梅
    红英 建英 建梅 国英 国芳 玉霞 巧玲 巧云 银花 新华 新梅 新艳
    """
)

_HAN_MALE_1 = _words(
    "伟 强 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 磊 峰 亮 健 俊 浩 宇 龙 林 东 "
    "凯 毅 彬 坤 虎 成 兵 海 江 帆 博 锋 旭 晨 阳 昊 哲 睿"
)
_HAN_FEMALE_1 = _words(
    "芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 慧 琳 倩 颖 雪 梅 萍 红 洁 琴 蕾 楠 晶 欢 悦 瑶 "
    "怡 妍 莉 丹 兰 英 菲 璐 雯 岚 茜 薇"
)

# Hui families mostly use the same given names as their Han neighbours; a few older-style
# names (prosperity, loyalty, "占" + place) are more frequent among them.
_HUI_SURNAMES = _weighted(
    "马:300 杨:60 丁:60 白:50 李:50 王:50 张:40 韩:40 穆:30 金:30 苏:30 刘:30 "
    "海:20 哈:20 冶:20 沙:20 纳:20 兰:20 敏:20 周:20 米:20 锁:10 虎:10 喇:10 "
    "撒:10 拜:10 达:10 黑:10 安:10 保:10"
)
_HUI_MALE_EXTRA = _words(
    "有福 占林 占山 占海 全福 福海 成福 明福 进福 福林 学礼 德仁 忠义 忠良 "
    "有才 有德 玉福 占祥 万福 永禄 福成 国福"
)
_HUI_FEMALE_EXTRA = _words("秀兰 桂花 玉兰 梅花 凤兰 金花 兰花 秀花 玉花 翠花 月兰 桂兰")

# Xibe surnames are shortened Manchu-Xibe clan names (瓜尔佳 → 关, 吴扎拉 → 吴, 佟佳 → 佟,
# 哈斯胡里 → 韩, 赫叶勒 → 何, 富察 → 付, 安佳 → 安, 郭尔佳 → 郭, 伊拉里 → 伊, ...).
_XIBE_SURNAMES = _weighted(
    "关:120 吴:100 佟:80 韩:80 何:70 付:60 赵:60 安:50 杨:50 郭:50 伊:40 顾:30 "
    "图:30 苏:30 胡:30 常:30 贺:30 肖:20 富:20 那:20 额:10 永:10"
)
_XIBE_MALE = _words(
    "德明 德胜 德林 德福 庆林 庆山 庆春 保山 保林 保国 喜春 喜林 福林 福山 福春 连生 "
    "连山 春林 金山 金林 玉山 永林 永山 兴林 兴华 文明 文林 国林 志林 善福 明善 "
    "金宝 宝山 宝林 宝才 吉庆 恩林 恩和 英杰 英林 克俭 春山 荣林 太林 林山 忠林 "
    "新林 新民 学林 春和"
)
_XIBE_FEMALE = _words(
    "春兰 春花 金花 玉兰 秀英 秀兰 桂兰 桂英 凤英 淑兰 兰英 美兰 玉珍 秀珍 金兰 丽华 "
    "丽英 巧英 翠兰 春英 月兰 银花 英华 荣华 雪兰 慧兰 伊兰 玉英 素兰 凤兰 秀芝 桂芝 "
    "玉芝 金英 美英 春芝"
)
# Manchu-Xibe given names, still written after the surname (关巴图, 佟扎拉芬).
_XIBE_MANCHU_MALE = _words(
    "巴图 图明 阿林 扎拉芬 苏勒 伊克坦 布彦 色音 额林 嘎拉 图伯特 萨音 巴彦 扎布 "
    "西林 伊勒图 穆克登 图门 萨布 阿克敦"
)
_XIBE_MANCHU_FEMALE = _words("伊兰 萨仁 苏兰 阿兰 图雅 布兰 依兰 其兰 萨兰 塔娜")

_MANCHU_SURNAMES = _weighted(
    "关:100 赵:80 佟:60 金:60 那:50 王:50 富:40 何:40 白:40 肖:30 郎:30 索:30 "
    "鄂:20 常:30 傅:30 洪:20 伊:20 图:20 依:10 舒:10 钮:10 吴:30 李:30"
)
_DAUR_SURNAMES = _weighted(
    "敖:80 郭:60 孟:60 何:50 苏:50 金:40 鄂:40 沃:30 吴:30 德:20 安:20 张:20 杨:10"
)

# ---------------------------------------------------------------------------------------------
# Turkic transliterated names (given name·father's given name)
# ---------------------------------------------------------------------------------------------

_UYGHUR_MALE = _words(
    """
    阿不都热合曼 买买提 艾力 吐尔逊 艾合买提 阿布都拉 艾山 吾买尔 阿里木 热合曼
    亚森 玉素甫 依明 肉孜 托乎提 卡德尔 阿不来提 阿迪力 艾尔肯 迪力夏提
    买合木提 居来提 如则 库尔班 麦麦提艾力 吐尔洪 艾则孜 阿曼 司马义 吾斯曼
    喀斯木 阿布拉 塔依尔 沙吾提 帕尔哈提 木拉提 阿布都克里木 艾克拜尔 亚力坤 热西提
    阿布力孜 买吐送 吾布力 哈力克 巴拉提 艾海提 苏来曼 吾甫尔 阿不力米提 卡哈尔
    艾买江 伊萨 牙合甫 木合塔尔 赛买提 艾尼瓦尔 依沙克 阿力甫 热依木 伊斯拉木
    阿合买提江 热扎克 艾沙 努尔买买提 阿不都外力 阿卜杜萨拉木 买买提明 吐尔地 米吉提
    努尔丁 斯迪克 沙塔尔 尼亚孜 阿布都热西提 玉山江 依力亚尔 阿不都许库尔 艾合坦木
    克然木 麦提图尔荪 吐逊江 艾孜买提 艾斯卡尔 图尔荪 乃比江 买尔旦 吾守尔 阿尔斯兰
    """
)
_UYGHUR_FEMALE = _words(
    """
    古丽努尔 阿依古丽 热依拉 帕提古丽 迪丽拜尔 努尔古丽 阿依努尔 古丽巴哈尔 米热古丽 再努尔
    热孜宛古丽 布合力其古丽 阿米娜 帕丽旦 祖丽皮亚 海力其汗 阿依先木 古再丽努尔 努尔尼沙
    米娜瓦尔 阿瓦古丽 巴哈古丽 吐尔逊古丽 阿孜古丽 热娜古丽 玛依拉 迪丽努尔 古丽扎尔
    阿丽米热 玛丽亚木 祖丽胡玛尔 海尼沙 茹克亚 排孜拉 帕夏古丽 阿娜尔古丽 赛乃姆 哈丽旦
    古丽尼沙 左热古丽 木尼热 阿尔孜古丽 麦尔哈巴 再娜甫 努尔比亚 阿提古丽 苏比努尔
    古力米热 迪丽达尔 乃菲莎 玛依努尔 阿依提拉 苏皮亚 古丽米拉 穆凯热姆 再依汗
    努尔曼古丽 萨拉买提 阿依加马丽 布维 美合日阿依 索菲亚 巴哈尔古丽 阿依夏木古丽
    热依汗古丽 祖农古丽 买吾拉 阿依先 古丽沙 凯丽比努尔 米日阿依 努尔帕丽
    """
)
_UZBEK_MALE = _words(
    "乌拉木 卡米力 阿克木 塔西 帕尔哈德 依斯坎德尔 沙迪克 拉希木 乌玛尔 阿孜木 卡里木 "
    "巴赫提亚尔 纳扎尔 沙夫卡提 哈米德 乌鲁克别克 赛义德 贾拉力 奥比德 法尔霍德"
)
_UZBEK_FEMALE = _words(
    "马夫鲁达 迪里诺扎 尼戈拉 古丽诺拉 沙赫诺扎 扎丽娜 德尔巴尔 马丽卡 纳菲莎 卡莫拉 "
    "莎赫洛 乌米达 古丽切赫拉 莫赫拉 费鲁扎"
)
_TATAR_MALE = _words(
    "加米尔 拉希德 沙米尔 伊尔达尔 法里德 里纳特 阿尔图尔 马拉特 塔立普 阿布都拉 "
    "沙吾提 卡米力 努里 哈米特 伊斯哈克 萨比特 塔吉丁 扎伊特"
)
_TATAR_FEMALE = _words(
    "扎伊拉 阿丽娅 莱丽 法丽达 古丽帕兰 阿尔菲娅 罗扎 兰妮娅 迪娜拉 萨丽玛 古丽娜拉 "
    "扎米拉 米娜 法丽扎 苏拉"
)
_TAJIK_MALE = _words(
    "米尔扎 达吾提 夏合 皮尔 阿克巴尔 沙迪克 阿米尔 拉菲克 再都拉 纳斯尔 喀迪尔 巴依 "
    "阿布都 赛买提 古尔班 哈力曼 拉合曼 西仁 阿迪力 吐尔逊"
)
_TAJIK_FEMALE = _words(
    "比比 阿依木 塔吉古丽 巴努 比比热 库丽 夏米西 古丽帕里 朱玛 阿孜木 马依拉 "
    "比比古丽 迪拉热木 帕丽达 赛丽玛"
)

_KAZAKH_MALE = _words(
    """
    叶尔兰 努尔兰 别克 哈力木 阿斯哈尔 叶尔波力 加尔肯 哈那提 巴合提 阿依达尔
    达吾列提 叶尔肯 努尔波拉提 阿曼别克 赛力克 叶尔江 哈布力 沙肯 马合沙提 吾拉力
    哈斯木 别尔德别克 阿达力别克 叶尔太 巴哈提别克 木哈买提 努尔江 哈孜别克 江阿斯 胡阿提
    吐尔汗 叶斯别尔干 加恩别克 卡德尔别克 布尔列斯 库尔曼 阿依别克 达尼亚尔 朱马别克 托列根
    塔斯肯 居马汗 阿德力 叶尔包拉提 热合买提 胡尔曼别克 哈依拉提 吾拉孜别克 杰恩斯 别肯
    阿尔曼 巴特尔别克 努尔太 赛尔江 阿斯卡尔 波拉提 吐尔森别克 胡那皮亚 哈米提 哈力别克
    叶尔森 别里克 达吾提别克 阿山 朱玛力 阿吾力汗 叶森别克 托合塔尔 赛里克波力 吾尔肯
    马力克 阿勒木 肯加别克 阿坦 哈德尔 叶尔兰别克 加纳提 阿合买提 沙依兰 木拉提别克
    加尔恒 阿布赛依提 叶尔木拉提 努尔别克 吐尔逊哈孜 阿曼太 马迪 波拉提别克 加汗 阿布力
    阿依丁 别克波拉提 叶尔努尔 加克斯勒克 阿勒腾别克 阿力木江 木沙 伊斯哈克 朱马德力 巴依扎克
    赛力克别克 努尔达吾列提 叶尔哈那提 巴合提江 叶尔夏提 哈那提别克 木哈塔尔 巴吾尔江 居马拜
    """
)
_KAZAKH_FEMALE = _words(
    """
    阿依古丽 古丽娜尔 阿依努尔 加娜尔 巴合提古丽 古丽扎达 阿依江 娜孜古丽 沙吾列 玛依拉
    阿尔达克 胡玛尔 加米拉 努尔古丽 卡米拉 古丽米拉 哈丽达 叶尔克娜 阿依苏 阿依达娜
    阿克玛拉 哈尼帕 马依努尔 娜菲莎 热依汗 吐尔逊阿依 扎伊拉 阿依夏 阿米娜 努尔加玛丽
    阿依波塔 古丽孜拉 吐玛丽斯 阿赛尔 达娜 迪娜拉 阿娜尔 阿丽娅 巴合提努尔 古丽江
    哈丽玛 玛尔江 热依萨 阿依夏古丽 古丽巴努 阿丽玛 古丽萨拉 哈迪夏 木娜拉 阿克江
    加依娜古丽 古丽帕夏 巴丽江 萨娜古丽 叶尔克江 努尔江古丽 古丽加依娜 阿依曼 扎米拉
    玛丽娅 扎丽帕 阿依吉恩 巴克特古丽 古丽巴合提 沙娜尔 阿斯勒古丽 库丽江 努尔兰古丽
    阿勒腾古丽 库拉依 萨比拉 阿斯勒江 乌米提 古丽娜孜 帕丽达 吉别克 迪丽达 努尔苏勒 阿依苏勒
    阿克波塔
    """
)
_KYRGYZ_MALE_EXTRA = _words(
    "吐尔地别克 朱努斯 托合托逊 萨比尔 阿勒木别克 努尔别克 阿里别克 阿曼吐尔 玛木特 巴克特 "
    "卡尼别克 托合提巴依 苏云别克 阿布都卡德尔 吐尔干巴依 克里木别克 阿克勒别克 玛纳提"
)
_KYRGYZ_FEMALE_EXTRA = _words(
    "古丽扎特 阿依扎达 娜孜拉 朱尔德孜 乔勒潘 阿勒屯 阿依则克 古丽贾玛丽 巴古丽 "
    "阿依努拉 贾米丽亚 古丽孜亚"
)

# ---------------------------------------------------------------------------------------------
# Mongol (mostly Oirat/Torghut in this prefecture) and Russian names
# ---------------------------------------------------------------------------------------------

_MONGOL_MALE = _words(
    """
    巴图 额尔德尼 苏和 巴特尔 宝音 朝鲁 那顺 巴雅尔 孟和 阿拉坦 呼和 特木尔 敖其尔
    吉日格勒 巴音 达来 布仁 毕力格 额尔敦 哈斯 朝格图 图门 那木吉拉 阿木尔 孟克 赛音
    乌力吉 道尔吉 巴雅斯古楞 恩和 桑布 布和 额尔登巴特尔 嘎日迪 策仁 巴桑 加甫 才仁道尔吉
    桑吉 达瓦 额尔德木图 阿拉腾苏和 巴图孟克 特古斯 宝力道 达尔汗 乌日图 扎布 贡布
    达瓦扎布 孟和巴雅尔 宝力格 图布信 策登 巴音巴图 吉格米德 那仁满都拉 朝克图 哈斯巴特尔
    巴雅尔图 阿迪亚 宝勒德 巴图吉日嘎拉 呼日乐巴特尔 嘎拉桑 扎木苏 达瓦苏荣 仁钦 丹巴 朋斯克
    孟克吉日嘎拉 诺日布 乌力吉图 那木斯来 布仁巴雅尔 宝音德力格尔 特木尔巴根
    """
)
_MONGOL_FEMALE = _words(
    """
    乌云其其格 其其格 萨仁 娜仁 斯琴 图雅 乌兰 高娃 萨日娜 乌日娜 托娅 塔娜 娜仁花
    阿拉坦其其格 敖登 其木格 苏布达 乌云 额尔敦其木格 萨仁高娃 格日乐 图门其其格
    哈斯其其格 孟根其其格 乌仁 巴达玛 德力格尔 莎茹拉 诺敏 阿茹娜 斯琴图雅 苏日娜
    道力玛 乌兰托娅 娜布其 萨楚拉 吉日嘎拉 宝音其其格 阿拉坦高娃 乌日罕 额仁花 萨仁图雅
    赛罕 都兰 娜日苏 达丽玛 才仁卓玛 乌吉斯古楞 其其格玛
    萨仁其其格 娜仁图雅 斯琴其其格 阿拉腾图雅 诺敏其其格 乌云娜 阿拉坦花 那仁格日乐 萨日朗
    乌兰其其格 哈斯图雅 敖登格日乐 乌云毕力格 额尔德尼其其格 乌云塔娜
    """
)

_RUSSIAN_MALE = _words(
    "伊万 彼得 亚历山大 谢尔盖 安德烈 德米特里 米哈伊尔 尼古拉 弗拉基米尔 阿列克谢 尤里 "
    "维克多 鲍里斯 康斯坦丁 瓦西里 格里高利 帕维尔 费奥多尔 伊戈尔 奥列格 列昂尼德 "
    "马克西姆 罗曼 斯坦尼斯拉夫 阿纳托利 叶夫根尼 瓦连京 丹尼尔 阿尔乔姆 基里尔"
)
_RUSSIAN_FEMALE = _words(
    "娜塔莉娅 安娜 玛丽亚 叶莲娜 奥尔加 塔季扬娜 伊琳娜 斯维特兰娜 柳德米拉 加林娜 "
    "尼娜 薇拉 柳博芙 瓦莲京娜 索菲娅 达丽娅 叶卡捷琳娜 安娜斯塔西娅 克谢尼娅 波林娜 "
    "阿林娜 维多利亚 尤利娅 玛尔加丽塔 叶夫根尼娅"
)
# (masculine, feminine) surname forms.
_RUSSIAN_SURNAMES: tuple[tuple[str, str], ...] = tuple(
    (masculine, feminine)
    for masculine, _, feminine in (
        pair.partition("/")
        for pair in _words(
            """
            彼得罗夫/彼得罗娃 伊万诺夫/伊万诺娃 斯米尔诺夫/斯米尔诺娃 库兹涅佐夫/库兹涅佐娃
            波波夫/波波娃 瓦西里耶夫/瓦西里耶娃 索科洛夫/索科洛娃 米哈伊洛夫/米哈伊洛娃
            诺维科夫/诺维科娃 费奥多罗夫/费奥多罗娃 莫罗佐夫/莫罗佐娃 沃尔科夫/沃尔科娃
            阿列克谢耶夫/阿列克谢耶娃 列别杰夫/列别杰娃 谢苗诺夫/谢苗诺娃 叶戈罗夫/叶戈罗娃
            科兹洛夫/科兹洛娃 斯捷潘诺夫/斯捷潘诺娃 尼古拉耶夫/尼古拉耶娃 奥尔洛夫/奥尔洛娃
            安德烈耶夫/安德烈耶娃 马卡罗夫/马卡罗娃 尼基京/尼基京娜 扎哈罗夫/扎哈罗娃
            索洛维约夫/索洛维约娃 鲍里索夫/鲍里索娃 雅科夫列夫/雅科夫列娃 格里戈里耶夫/格里戈里耶娃
            罗曼诺夫/罗曼诺娃 西多罗夫/西多罗娃 别洛夫/别洛娃 菲利波夫/菲利波娃
            科瓦廖夫/科瓦廖娃 伊利因/伊利伊娜 古谢夫/古谢娃 季托夫/季托娃
            库兹明/库兹米娜 克雷洛夫/克雷洛娃 格拉西莫夫/格拉西莫娃 波利亚科夫/波利亚科娃
            """
        ).items
    )
)

# ---------------------------------------------------------------------------------------------
# Block list: real, well-known people and combinations that read as puns
# ---------------------------------------------------------------------------------------------

_BLOCKED_NAMES = frozenset(
    _words(
        """
        习近平 李强 赵乐际 王沪宁 蔡奇 丁薛祥 李希 韩正 王岐山 李克强 胡锦涛 江泽民 温家宝
        朱镕基 李鹏 毛泽东 周恩来 刘少奇 朱德 邓小平 陈云 陈毅 贺龙 王震 林彪 江青 彭丽媛
        王毅 张春贤 王乐泉 陈全国 马兴瑞 陈小江 王君正 何立峰 张国清 刘国中 李干杰
        陈文清 陈敏尔 黄坤明 尹力 石泰峰 袁家军 张又侠 何卫东 魏凤和 秦刚 吴政隆 王小洪
        雷锋 雷峰 焦裕禄 杨利伟 翟志刚 王亚平 刘洋 景海鹏 钱学森 袁隆平 屠呦呦 钟南山 杨振宁
        姚明 刘翔 李娜 林丹 马龙 丁宁 王楠 郎平 孙杨 朱婷 李宁 张怡宁 郭晶晶 苏炳添 武大靖
        成龙 刘德华 张学友 黎明 周润发 赵本山 葛优 陈道明 王菲 那英 韩红 范冰冰 李冰冰 章子怡
        巩俐 赵薇 周迅 孙俪 杨幂 刘涛 刘亦菲 赵丽颖 杨紫 黄晓明 邓超 胡歌 王凯 吴京 张杰
        周杰伦 林俊杰 王力宏 陈奕迅 邓紫棋 蔡依林 李宇春 张靓颖 刘欢 宋祖英 毛阿敏 黄渤 徐峥
        王宝强 邓丽君 张爱玲 杨洋 王源 王俊凯 鹿晗 朱一龙 韩寒 郭敬明 莫言 余华 王蒙 刘慈欣
        马云 马化腾 李彦宏 雷军 刘强东 王健林 王思聪 任正非 董明珠 李嘉诚 张一鸣 范伟 邵兵
        张飞 关羽 刘备 曹操 孙权 赵云 马超 黄忠 岳飞 宋江 吴用 李白 杜甫 王维 韩信 张良 林冲
        杨伟 吴勇 吴德 吴能 吴良 吴刚 范统 朱逸群 史珍香 杜子腾 沈京兵 秦寿生 魏生津 胡丽晶
        郝美丽 朱一群 夏雨 吴亮 武亮 武勇 胡丽 虎丽 蒋军 江军 姜军 郭俊 贾毅 贾怡 史勇 石勇
        艾尔肯·吐尼亚孜 雪克来提·扎克尔 努尔·白克力 司马义·艾买提 司马义·铁力瓦尔地
        铁木尔·达瓦买提 阿不来提·阿不都热西提 阿不来提·阿布都热西提 热比亚·卡德尔
        伊力哈木·土赫提 迪丽热巴·迪力木拉提 古力娜扎尔·拜合提亚尔 库尔班·吐鲁木
        赛福鼎·艾则孜 阿合买提江·哈斯木 阿合买提江·喀斯木
        伊万·伊万诺夫 亚历山大·普希金 弗拉基米尔·普京 斯琴高娃 乌兰夫
        """
    ).items
)
# Surname + first given-name character pairs that read as words or puns: 杜子… (肚子),
# 图子… (兔子), 保子… (包子), 范建… (犯贱), 郝美… (好美), 舒继… (书记), 史长… (市长),
# 郭军… (国军), 姜诗… (僵尸), 贾一… (假意), ...
_BLOCKED_PREFIXES = frozenset(
    (pair[0], pair[1])
    for pair in _words(
        "杜子 孙子 孙紫 侯子 孟子 图子 图紫 保子 保紫 朱一 朱喜 朱西 范建 范健 郝美 郝丽 "
        "郝梅 郝帅 冶金 冶锦 冶进 图书 史珍 史长 石长 舒继 舒吉 喇继 喇吉 吴德 武德 吴能 "
        "吴良 杨伟 胡来 贾仁 贾一 贾伊 贾依 高潮 安静 郭军 姜诗 江诗 蒋诗 姜世 江世 蒋世"
    ).items
)


def _acceptable(surname: str, given: str) -> bool:
    """False for a surname and given name that read badly together."""
    if surname in given:
        return False
    if (surname, given[0]) in _BLOCKED_PREFIXES:
        return False
    return surname + given not in _BLOCKED_NAMES


def _han_given(rng: random.Random, female: bool) -> str:
    """A generic Han given name: two characters, about one in eight a single character."""
    if rng.random() < 0.12:
        return (_HAN_FEMALE_1 if female else _HAN_MALE_1).pick(rng)
    return (_HAN_FEMALE_2 if female else _HAN_MALE_2).pick(rng)


def _han_style(
    surnames: _Pool, given: Callable[[random.Random, bool], str]
) -> Callable[[random.Random, bool], str]:
    """A generator of surname plus given name, redrawing combinations that read badly: the Han
    names (weighted common surname, gender-typical given name) and, with their own surnames
    and given names, the Hui, Xibe, Manchu and Daur ones."""

    def generate(rng: random.Random, female: bool) -> str:
        surname = name = ""
        for _ in range(_MAX_TRIES):
            surname, name = surnames.pick(rng), given(rng, female)
            if _acceptable(surname, name):
                break
        return surname + name

    return generate


_han = _han_style(_HAN_SURNAMES, _han_given)


def _hui_given(rng: random.Random, female: bool) -> str:
    """Hui given names: mostly Han-style, with some older Hui-typical names."""
    if rng.random() < 0.2:
        return (_HUI_FEMALE_EXTRA if female else _HUI_MALE_EXTRA).pick(rng)
    return _han_given(rng, female)


def _xibe_given(rng: random.Random, female: bool) -> str:
    """Xibe given names: older Xibe-flavoured names, modern Han names, a few Manchu-Xibe ones."""
    roll = rng.random()
    if roll < 0.1:
        return (_XIBE_MANCHU_FEMALE if female else _XIBE_MANCHU_MALE).pick(rng)
    if roll < 0.55:
        return (_XIBE_FEMALE if female else _XIBE_MALE).pick(rng)
    return _han_given(rng, female)


def _northern_given(rng: random.Random, female: bool) -> str:
    """Given names for Manchu and Daur people: Han-style, a third of them old-fashioned."""
    if rng.random() < 0.3:
        return (_XIBE_FEMALE if female else _XIBE_MALE).pick(rng)
    return _han_given(rng, female)


def _patronymic(rng: random.Random, given: _Pool, fathers: _Pool) -> str:
    """``given·father`` with the two parts different and the result not on the block list."""
    name = ""
    for _ in range(_MAX_TRIES):
        first, father = given.pick(rng), fathers.pick(rng)
        name = first + DOT + father
        if first != father and name not in _BLOCKED_NAMES:
            break
    return name


def _turkic(male: _Pool, female_pool: _Pool) -> Callable[[random.Random, bool], str]:
    """A generator of ``given·father`` names from one male and one female pool."""

    def generate(rng: random.Random, female: bool) -> str:
        return _patronymic(rng, female_pool if female else male, male)

    return generate


def _mixed_turkic(
    own_male: _Pool, own_female: _Pool, share: float
) -> Callable[[random.Random, bool], str]:
    """Like ``_turkic`` but drawing ``share`` of given names from the group's own pools.

    The rest come from the Uyghur pools, which these smaller groups largely share.
    """
    all_male = own_male + _UYGHUR_MALE

    def generate(rng: random.Random, female: bool) -> str:
        if female:
            given = own_female if rng.random() < share else _UYGHUR_FEMALE
        else:
            given = own_male if rng.random() < share else _UYGHUR_MALE
        return _patronymic(rng, given, all_male)

    return generate


_KYRGYZ_MALE = _KYRGYZ_MALE_EXTRA + _KAZAKH_MALE
_KYRGYZ_FEMALE = _KYRGYZ_FEMALE_EXTRA + _KAZAKH_FEMALE


def _mongol(rng: random.Random, female: bool) -> str:
    """A Mongol name: a single name, in half the cases followed by the father's name."""
    pool = _MONGOL_FEMALE if female else _MONGOL_MALE
    if rng.random() < 0.5:
        return _patronymic(rng, pool, _MONGOL_MALE)
    name = pool.pick(rng)
    for _ in range(_MAX_TRIES):
        if name not in _BLOCKED_NAMES:
            break
        name = pool.pick(rng)
    return name


def _russian(rng: random.Random, female: bool) -> str:
    """A Russian name: given name·surname, with the feminine surname form for women."""
    name = ""
    for _ in range(_MAX_TRIES):
        masculine, feminine = rng.choice(_RUSSIAN_SURNAMES)
        if female:
            name = _RUSSIAN_FEMALE.pick(rng) + DOT + feminine
        else:
            name = _RUSSIAN_MALE.pick(rng) + DOT + masculine
        if name not in _BLOCKED_NAMES:
            break
    return name


_GENERATORS: dict[str, Callable[[random.Random, bool], str]] = {
    "01": _han,
    "02": _mongol,
    "03": _han_style(_HUI_SURNAMES, _hui_given),
    "05": _turkic(_UYGHUR_MALE, _UYGHUR_FEMALE),
    "11": _han_style(_MANCHU_SURNAMES, _northern_given),
    "17": _turkic(_KAZAKH_MALE, _KAZAKH_FEMALE),
    "29": _turkic(_KYRGYZ_MALE, _KYRGYZ_FEMALE),
    "31": _han_style(_DAUR_SURNAMES, _northern_given),
    "38": _han_style(_XIBE_SURNAMES, _xibe_given),
    "41": _mixed_turkic(_TAJIK_MALE, _TAJIK_FEMALE, 0.6),
    "43": _mixed_turkic(_UZBEK_MALE, _UZBEK_FEMALE, 0.5),
    "44": _russian,
    "50": _mixed_turkic(_TATAR_MALE, _TATAR_FEMALE, 0.5),
}


def make_name(rng: random.Random, ethnicity: str, gender: str) -> str:
    """Return a synthetic Chinese-script name for a person of ``ethnicity`` and ``gender``.

    ``ethnicity`` is a GB/T 3304 code (``"01"`` Han, ``"05"`` Uyghur, ``"17"`` Kazakh, ...);
    codes without a dedicated style get Han-style names. ``gender`` is a GB/T 2261.1 code:
    ``"2"`` gives a female name, anything else a male one. The result depends only on the
    state of ``rng``.
    """
    generate = _GENERATORS.get(ethnicity, _han)
    return generate(rng, gender == FEMALE)


# ---------------------------------------------------------------------------------------------
# Ethnic make-up of deputies by county
# ---------------------------------------------------------------------------------------------

# Per-mille shares of deputies by ethnicity, loosely following the 2020 census make-up of each
# county and city, with the autonomous group of an autonomous county and small minorities
# somewhat over-represented, as they are in real congresses. Illustrative, not official data.
_MIXES: dict[str, str] = {
    # Directly administered cities and counties of the prefecture
    "654002": "05:380 01:300 17:100 03:100 38:30 02:20 43:20 44:20 29:10 50:10 11:10",  # 伊宁市
    "654003": "01:720 17:80 05:70 03:70 02:20 11:20 38:10 31:10",  # 奎屯市
    "654004": "01:450 17:200 05:180 03:110 38:20 43:20 02:10 29:10",  # 霍尔果斯市
    "654021": "05:400 17:220 01:200 03:130 38:20 29:10 43:10 02:10",  # 伊宁县
    "654022": "38:250 05:250 17:220 01:170 03:60 02:20 11:20 29:10",  # 察布查尔锡伯自治县
    "654023": "01:320 05:270 17:180 03:170 38:20 02:10 43:10 44:10 29:10 50:10",  # 霍城县
    "654024": "17:450 01:250 05:130 03:100 29:20 02:20 38:10 43:10 11:10",  # 巩留县
    "654025": "17:450 01:300 05:100 03:100 02:20 29:10 38:10 11:10",  # 新源县
    "654026": "17:500 01:220 05:100 03:60 02:50 29:40 38:20 44:10",  # 昭苏县
    "654027": "17:520 01:200 05:130 03:60 02:50 29:20 38:10 11:10",  # 特克斯县
    "654028": "17:550 01:220 05:090 03:060 02:050 29:10 38:10 11:10",  # 尼勒克县
    # 塔城地区
    "654201": "01:380 17:240 05:100 03:070 31:060 44:040 02:030 50:030 43:020 11:020 38:010",
    "654202": "01:650 17:100 03:080 02:070 05:060 11:020 38:010 31:010",  # 乌苏市
    "654203": "01:620 17:170 03:080 05:060 02:040 11:020 38:010",  # 沙湾市
    "654221": "01:420 17:320 05:080 03:070 02:050 31:030 44:010 11:010 29:010",  # 额敏县
    "654224": "17:580 01:250 05:060 03:050 02:040 29:010 11:010",  # 托里县
    "654225": "17:480 01:320 05:060 03:060 02:030 44:020 31:010 50:010 11:010",  # 裕民县
    "654226": "02:350 17:280 01:270 05:040 03:040 11:010 38:010",  # 和布克赛尔蒙古自治县
    # 阿勒泰地区
    "654301": "17:470 01:350 05:050 03:050 02:030 44:020 50:010 43:010 11:010",  # 阿勒泰市
    "654321": "17:520 01:280 02:070 05:040 03:040 44:030 11:010 50:010",  # 布尔津县
    "654322": "17:600 01:270 05:040 03:040 02:030 11:010 29:010",  # 富蕴县
    "654323": "17:480 01:380 05:050 03:050 02:020 11:010 44:010",  # 福海县
    "654324": "17:580 01:280 02:040 05:040 03:030 44:020 11:010",  # 哈巴河县
    "654325": "17:720 01:140 02:060 05:040 03:030 11:010",  # 青河县
    "654326": "17:680 01:200 02:040 05:030 03:030 44:010 50:010",  # 吉木乃县
}
_GENERIC_MIX = "01:400 17:250 05:160 03:080 02:030 38:020 29:010 44:010 43:010 11:010 50:005 31:005"


def _parse_mix(text: str) -> list[tuple[str, float]]:
    """Parse ``code:weight`` tokens into normalised ``(code, share)`` pairs, largest first."""
    pairs = [(code, int(weight)) for code, _, weight in (t.partition(":") for t in text.split())]
    total = sum(weight for _code, weight in pairs)
    pairs.sort(key=lambda pair: -pair[1])
    return [(code, weight / total) for code, weight in pairs]


def ethnicity_mix(county_code: str) -> list[tuple[str, float]]:
    """Plausible ethnic shares of deputies for a county of the prefecture.

    ``county_code`` is a six-digit GB/T 2260 code (``"654022"`` is 察布查尔锡伯自治县); unknown
    codes get a prefecture-wide mix. Returns ``(GB/T 3304 code, share)`` pairs, largest share
    first, with shares summing to 1. The figures are illustrative demo data, not statistics.
    """
    return _parse_mix(_MIXES.get(county_code, _GENERIC_MIX))
