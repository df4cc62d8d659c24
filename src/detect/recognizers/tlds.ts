/**
 * Top-level domains accepted for DOMAIN_NAME and EMAIL_ADDRESS: the generic ones in wide use and
 * every ISO country code TLD. A fixed list keeps "file.txt" or "e.g" from being taken as domains.
 */
const GENERIC =
  'com net org edu gov mil int info biz name pro mobi app dev io ai co me tv cc xyz online site store shop tech blog cloud email live news top club link space website digital agency company solutions group media network world today life studio design systems services global center academy health bank insurance finance money travel photo art';

const COUNTRY =
  'ac ad ae af ag al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cd cf cg ch ci ck cl cm cn cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw';

export const TLDS: ReadonlySet<string> = new Set(`${GENERIC} ${COUNTRY}`.split(' '));
