// The TERYT list the address of a participant is checked against: every county (powiat) and commune
// (gmina) of the Silesian voivodeship (województwo śląskie, TERYT 24), as TERYT names them (a land
// county in its lowercase adjective form, a city with county rights by its name), and the DEGURBA class
// (1 densely populated, 2 intermediate, 3 thinly populated) of the communes for which it is given here:
// the seeds' areas (Bytom, the Racibórz county) and the cities of the Upper Silesian conurbation.
// Data, not code: a commune without a class asks the form for it. Check the classes against GUS's
// DEGURBA list for the call before reporting, and add a voivodeship as another entry of TERYT_LISTS.
export type Degurba = 1 | 2 | 3;
type Commune = string | [name: string, degurba: Degurba];

export interface TerytCounty {
  /** The county's 4-digit TERYT code. */
  code: string;
  name: string;
  communes: Commune[];
}

export const SILESIAN_COUNTIES: readonly TerytCounty[] = [
  { code: '2401', name: 'będziński', communes: ['Będzin', 'Czeladź', 'Wojkowice', 'Bobrowniki', 'Mierzęcice', 'Psary', 'Siewierz', 'Sławków'] },
  { code: '2402', name: 'bielski', communes: ['Szczyrk', 'Bestwina', 'Buczkowice', 'Czechowice-Dziedzice', 'Jasienica', 'Jaworze', 'Kozy', 'Porąbka', 'Wilamowice', 'Wilkowice'] },
  { code: '2403', name: 'cieszyński', communes: ['Cieszyn', 'Ustroń', 'Wisła', 'Brenna', 'Chybie', 'Dębowiec', 'Goleszów', 'Hażlach', 'Istebna', 'Skoczów', 'Strumień', 'Zebrzydowice'] },
  { code: '2404', name: 'częstochowski', communes: ['Blachownia', 'Dąbrowa Zielona', 'Janów', 'Kamienica Polska', 'Kłomnice', 'Koniecpol', 'Konopiska', 'Kruszyna', 'Lelów', 'Mstów', 'Mykanów', 'Olsztyn', 'Poczesna', 'Przyrów', 'Rędziny', 'Starcza'] },
  { code: '2405', name: 'gliwicki', communes: ['Knurów', 'Pyskowice', 'Gierałtowice', 'Pilchowice', 'Rudziniec', 'Sośnicowice', 'Toszek', 'Wielowieś'] },
  { code: '2406', name: 'kłobucki', communes: ['Kłobuck', 'Krzepice', 'Lipie', 'Miedźno', 'Opatów', 'Panki', 'Popów', 'Przystajń', 'Wręczyca Wielka'] },
  { code: '2407', name: 'lubliniecki', communes: ['Lubliniec', 'Boronów', 'Ciasna', 'Herby', 'Kochanowice', 'Koszęcin', 'Pawonków', 'Woźniki'] },
  { code: '2408', name: 'mikołowski', communes: ['Łaziska Górne', 'Mikołów', 'Orzesze', 'Ornontowice', 'Wyry'] },
  { code: '2409', name: 'myszkowski', communes: ['Myszków', 'Koziegłowy', 'Niegowa', 'Poraj', 'Żarki'] },
  { code: '2410', name: 'pszczyński', communes: ['Goczałkowice-Zdrój', 'Kobiór', 'Miedźna', 'Pawłowice', 'Pszczyna', 'Suszec'] },
  { code: '2411', name: 'raciborski', communes: [['Racibórz', 2], ['Kornowac', 3], ['Krzanowice', 3], ['Krzyżanowice', 3], ['Kuźnia Raciborska', 3], ['Nędza', 3], ['Pietrowice Wielkie', 3], ['Rudnik', 3]] },
  { code: '2412', name: 'rybnicki', communes: ['Czerwionka-Leszczyny', 'Gaszowice', 'Jejkowice', 'Lyski', 'Świerklany'] },
  { code: '2413', name: 'tarnogórski', communes: ['Kalety', 'Miasteczko Śląskie', 'Radzionków', 'Tarnowskie Góry', 'Krupski Młyn', 'Ożarowice', 'Świerklaniec', 'Tworóg', 'Zbrosławice'] },
  { code: '2414', name: 'bieruńsko-lędziński', communes: ['Bieruń', 'Imielin', 'Lędziny', 'Bojszowy', 'Chełm Śląski'] },
  { code: '2415', name: 'wodzisławski', communes: ['Pszów', 'Radlin', 'Rydułtowy', 'Wodzisław Śląski', 'Godów', 'Gorzyce', 'Lubomia', 'Marklowice', 'Mszana'] },
  { code: '2416', name: 'zawierciański', communes: ['Poręba', 'Zawiercie', 'Irządze', 'Kroczyce', 'Łazy', 'Ogrodzieniec', 'Pilica', 'Szczekociny', 'Włodowice', 'Żarnowiec'] },
  { code: '2417', name: 'żywiecki', communes: ['Żywiec', 'Czernichów', 'Gilowice', 'Jeleśnia', 'Koszarawa', 'Lipowa', 'Łękawica', 'Łodygowice', 'Milówka', 'Radziechowy-Wieprz', 'Rajcza', 'Ślemień', 'Świnna', 'Ujsoły', 'Węgierska Górka'] },
  { code: '2461', name: 'Bielsko-Biała', communes: [['Bielsko-Biała', 1]] },
  { code: '2462', name: 'Bytom', communes: [['Bytom', 1]] },
  { code: '2463', name: 'Chorzów', communes: [['Chorzów', 1]] },
  { code: '2464', name: 'Częstochowa', communes: [['Częstochowa', 1]] },
  { code: '2465', name: 'Dąbrowa Górnicza', communes: [['Dąbrowa Górnicza', 1]] },
  { code: '2466', name: 'Gliwice', communes: [['Gliwice', 1]] },
  { code: '2467', name: 'Jastrzębie-Zdrój', communes: ['Jastrzębie-Zdrój'] },
  { code: '2468', name: 'Jaworzno', communes: ['Jaworzno'] },
  { code: '2469', name: 'Katowice', communes: [['Katowice', 1]] },
  { code: '2470', name: 'Mysłowice', communes: [['Mysłowice', 1]] },
  { code: '2471', name: 'Piekary Śląskie', communes: [['Piekary Śląskie', 1]] },
  { code: '2472', name: 'Ruda Śląska', communes: [['Ruda Śląska', 1]] },
  { code: '2473', name: 'Rybnik', communes: [['Rybnik', 1]] },
  { code: '2474', name: 'Siemianowice Śląskie', communes: [['Siemianowice Śląskie', 1]] },
  { code: '2475', name: 'Sosnowiec', communes: [['Sosnowiec', 1]] },
  { code: '2476', name: 'Świętochłowice', communes: [['Świętochłowice', 1]] },
  { code: '2477', name: 'Tychy', communes: [['Tychy', 1]] },
  { code: '2478', name: 'Zabrze', communes: [['Zabrze', 1]] },
  { code: '2479', name: 'Żory', communes: ['Żory'] },
];

/** The voivodeships whose counties and communes are listed (lowercase, as TERYT and SL2014 write them). */
export const TERYT_LISTS: Readonly<Record<string, readonly TerytCounty[]>> = { śląskie: SILESIAN_COUNTIES };
