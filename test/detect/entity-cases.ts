/**
 * One positive and one negative sentence per entity type. Where the format has a checksum the
 * negative is the same value with its check digit changed; otherwise it is a near miss (wrong
 * shape, or no supporting context for context-only types). Sources of valid values: published
 * examples (Wikipedia, issuers' documentation) or values completed with the tested validator.
 */
export interface EntityCase {
  entity: string;
  positive: string;
  value: string;
  negative: string;
}

export const ENTITY_CASES: EntityCase[] = [
  {
    entity: 'EMAIL_ADDRESS',
    positive: 'write to jane.doe@example.org today',
    value: 'jane.doe@example.org',
    negative: 'write to jane.doe@example.notatld today',
  },
  {
    entity: 'PHONE_NUMBER',
    positive: 'call me on +44 20 7946 0958 tonight',
    value: '+44 20 7946 0958',
    negative: 'call me on +44 20 7946 tonight',
  },
  {
    entity: 'CREDIT_CARD',
    positive: 'my visa 4111 1111 1111 1111 expires',
    value: '4111 1111 1111 1111',
    negative: 'my visa 4111 1111 1111 1112 expires',
  },
  {
    entity: 'IBAN_CODE',
    positive: 'pay to GB82 WEST 1234 5698 7654 32 now',
    value: 'GB82 WEST 1234 5698 7654 32',
    negative: 'pay to GB82 WEST 1234 5698 7654 33 now',
  },
  {
    entity: 'US_BANK_NUMBER',
    positive: 'checking account number 123456789012',
    value: '123456789012',
    negative: 'the number 123456789012 appeared',
  },
  {
    entity: 'ABA_ROUTING_NUMBER',
    positive: 'routing number 021000021 for wires',
    value: '021000021',
    negative: 'routing number 021000022 for wires',
  },
  {
    entity: 'SWIFT_CODE',
    positive: 'bank swift code DEUTDEFF for transfers',
    value: 'DEUTDEFF',
    negative: 'the word DEUTDEFF alone',
  },
  {
    entity: 'CRYPTO',
    positive: 'send btc to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa please',
    value: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
    negative: 'send btc to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb please',
  },
  {
    entity: 'IP_ADDRESS',
    positive: 'login from 203.0.113.42 failed',
    value: '203.0.113.42',
    negative: 'login from 203.0.113.420 failed',
  },
  {
    entity: 'MAC_ADDRESS',
    positive: 'device mac 00:1A:2B:3C:4D:5E joined',
    value: '00:1A:2B:3C:4D:5E',
    negative: 'device mac 00:1A:2B:3C:4D joined',
  },
  {
    entity: 'URL',
    positive: 'see https://example.com/profile?id=7. Thanks',
    value: 'https://example.com/profile?id=7',
    negative: 'see example slash profile. Thanks',
  },
  {
    entity: 'DOMAIN_NAME',
    positive: 'visit janes-blog.co.uk for more',
    value: 'janes-blog.co.uk',
    negative: 'open report.docx for more',
  },
  {
    entity: 'ZIP_CODE',
    positive: 'Springfield, IL 62704 is home',
    value: '62704',
    negative: 'we sold 62704 units',
  },
  {
    entity: 'GPS_COORDINATES',
    positive: 'met at 48.858370, 2.294481 yesterday',
    value: '48.858370, 2.294481',
    negative: 'met at 148.858370, 2.294481 yesterday',
  },
  {
    entity: 'IMEI',
    positive: 'phone imei 490154203237518 was stolen',
    value: '490154203237518',
    negative: 'phone imei 490154203237519 was stolen',
  },
  {
    entity: 'ADVERTISING_ID',
    positive: 'idfa 6D92078A-8246-4BA4-AE5B-76104861E7DC logged',
    value: '6D92078A-8246-4BA4-AE5B-76104861E7DC',
    negative: 'request 6D92078A-8246-4BA4-AE5B-76104861E7DC logged',
  },
  {
    entity: 'VIN',
    positive: 'car vin 1M8GDM9AXKP042788 sold',
    value: '1M8GDM9AXKP042788',
    negative: 'car vin 1M8GDM9A1KP042788 sold',
  },
  {
    entity: 'USERNAME',
    positive: 'follow @jane_doe99 for updates',
    value: '@jane_doe99',
    negative: 'follow jane at example for updates',
  },
  {
    entity: 'PASSWORD',
    positive: 'wifi password: Tr0ub4dor&3 ok',
    value: 'Tr0ub4dor&3',
    negative: 'forgot my password again ok',
  },
  {
    entity: 'AWS_ACCESS_KEY',
    positive: 'key AKIAIOSFODNN7EXAMPLE leaked',
    value: 'AKIAIOSFODNN7EXAMPLE',
    negative: 'key AKIAIOSFODNN7EXAMPL leaked',
  },
  {
    entity: 'AWS_SECRET_KEY',
    positive: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    negative: 'aws_secret_access_key = short',
  },
  {
    entity: 'GITHUB_TOKEN',
    positive: 'token ghp_16C7e42F292c6912E7710c838347Ae178B4a here',
    value: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
    negative: 'token ghp_16C7e42F292c here',
  },
  {
    entity: 'SLACK_TOKEN',
    positive: 'slack xoxb-123456789012-abcdefghijkl set',
    value: 'xoxb-123456789012-abcdefghijkl',
    negative: 'slack xoxq-123456789012-abcdefghijkl set',
  },
  {
    entity: 'STRIPE_KEY',
    positive: 'stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc in env',
    value: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
    negative: 'stripe pk_live_4eC39HqLyjWDarjtT1zdp7dc in env',
  },
  {
    entity: 'GOOGLE_API_KEY',
    positive: 'maps key AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe ok',
    value: 'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
    negative: 'maps key AIzaSyDaGmWKa4JsXZ ok',
  },
  {
    entity: 'JWT',
    positive:
      'bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    value:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    negative: 'bearer eyJub3RKc29uIjoxfQxx.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjg',
  },
  {
    entity: 'PRIVATE_KEY',
    positive:
      'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n',
    value:
      '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----',
    negative:
      'key:\n-----BEGIN PUBLIC KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END PUBLIC KEY-----\n',
  },
  {
    entity: 'MEDICAL_LICENSE',
    positive: 'prescriber DEA AB1234563 signed',
    value: 'AB1234563',
    negative: 'prescriber DEA AB1234564 signed',
  },
  {
    entity: 'DATE_TIME',
    positive: 'born on 12 March 1985 in a village',
    value: '12 March 1985',
    negative: 'born on the twelfth in a village',
  },
  { entity: 'AGE', positive: 'she is 34 years old now', value: '34', negative: 'she is 340 years old now' },
  {
    entity: 'ADDRESS',
    positive: 'lives at 221 Baker Street near the park',
    value: '221 Baker Street',
    negative: 'lives near Baker Street park',
  },
  { entity: 'TITLE', positive: 'ask Dr Watson about it', value: 'Dr', negative: 'ask dr watson about it' },
  { entity: 'NRP', positive: 'a Brazilian singer', value: 'Brazilian', negative: 'a Brazilia singer' },
  {
    entity: 'US_SSN',
    positive: 'ssn 536-22-8726 on file',
    value: '536-22-8726',
    negative: 'ssn 666-22-8726 on file',
  },
  {
    entity: 'US_ITIN',
    positive: 'itin 912-70-1234 on file',
    value: '912-70-1234',
    negative: 'itin 912-40-1234 on file',
  },
  {
    entity: 'US_PASSPORT',
    positive: 'passport number 340020013 expires',
    value: '340020013',
    negative: 'invoice number 340020013 expires',
  },
  {
    entity: 'US_DRIVER_LICENSE',
    positive: "driver's license D1234567 valid",
    value: 'D1234567',
    negative: 'product code D1234567 valid',
  },
  {
    entity: 'UK_NINO',
    positive: 'national insurance AB123456C paid',
    value: 'AB123456C',
    negative: 'national insurance GB123456C paid',
  },
  {
    entity: 'UK_NHS',
    positive: 'NHS number 943 476 5919 on record',
    value: '943 476 5919',
    negative: 'NHS number 943 476 5918 on record',
  },
  {
    entity: 'IN_AADHAAR',
    positive: 'aadhaar 2345 6789 0124 linked',
    value: '2345 6789 0124',
    negative: 'aadhaar 2345 6789 0125 linked',
  },
  {
    entity: 'IN_PAN',
    positive: 'PAN ABCPE1234F filed',
    value: 'ABCPE1234F',
    negative: 'PAN ABCXE1234F filed',
  },
  {
    entity: 'SG_NRIC_FIN',
    positive: 'NRIC S1234567D verified',
    value: 'S1234567D',
    negative: 'NRIC S1234567E verified',
  },
  {
    entity: 'KR_RRN',
    positive: '주민등록번호 850101-1234566 확인',
    value: '850101-1234566',
    negative: '주민등록번호 851301-1234566 확인',
  },
  {
    entity: 'JP_MY_NUMBER',
    positive: 'マイナンバー my number 1234 5678 9018 です',
    value: '1234 5678 9018',
    negative: 'my number 1234 5678 9017 です',
  },
  {
    entity: 'CN_RESIDENT_ID',
    positive: '身份证 11010519491231002X 已登记',
    value: '11010519491231002X',
    negative: '身份证 110105194912310021 已登记',
  },
  {
    entity: 'BR_CPF',
    positive: 'CPF 529.982.247-25 cadastrado',
    value: '529.982.247-25',
    negative: 'CPF 529.982.247-26 cadastrado',
  },
  {
    entity: 'BR_CNPJ',
    positive: 'CNPJ 11.222.333/0001-81 ativo',
    value: '11.222.333/0001-81',
    negative: 'CNPJ 11.222.333/0001-82 ativo',
  },
  {
    entity: 'ES_NIF',
    positive: 'DNI 12345678Z vigente',
    value: '12345678Z',
    negative: 'DNI 12345678A vigente',
  },
  {
    entity: 'ES_NIE',
    positive: 'NIE X1234567L vigente',
    value: 'X1234567L',
    negative: 'NIE X1234567M vigente',
  },
  {
    entity: 'IT_FISCAL_CODE',
    positive: 'codice fiscale RSSMRA85T10A562S registrato',
    value: 'RSSMRA85T10A562S',
    negative: 'codice fiscale RSSMRA85T10A562T registrato',
  },
  {
    entity: 'DE_TAX_ID',
    positive: 'Steuer-ID 86095742719 gespeichert',
    value: '86095742719',
    negative: 'Steuer-ID 86095742718 gespeichert',
  },
  {
    entity: 'FR_NIR',
    positive: 'sécurité sociale 2 55 08 14 168 025 38 valide',
    value: '2 55 08 14 168 025 38',
    negative: 'sécurité sociale 2 55 08 14 168 025 39 valide',
  },
  {
    entity: 'ID_NIK',
    positive: 'NIK 3171014101900001 terdaftar',
    value: '3171014101900001',
    negative: 'NIK 3171014199900001 terdaftar',
  },
  {
    entity: 'MX_CURP',
    positive: 'CURP GOMC850101HDFRRR05 registrada',
    value: 'GOMC850101HDFRRR05',
    negative: 'CURP GOMC850101HXXRRR05 registrada',
  },
  {
    entity: 'CA_SIN',
    positive: 'SIN 130 692 544 on file',
    value: '130 692 544',
    negative: 'SIN 130 692 545 on file',
  },
  {
    entity: 'AU_TFN',
    positive: 'tax file number 123 456 782 lodged',
    value: '123 456 782',
    negative: 'tax file number 123 456 783 lodged',
  },
  {
    entity: 'AU_MEDICARE',
    positive: 'medicare card 2123 45670 1 valid',
    value: '2123 45670 1',
    negative: 'medicare card 2123 45680 1 valid',
  },
  {
    entity: 'AU_ABN',
    positive: 'ABN 51 824 753 556 registered',
    value: '51 824 753 556',
    negative: 'ABN 51 824 753 557 registered',
  },
  {
    entity: 'NL_BSN',
    positive: 'BSN 111222333 bekend',
    value: '111222333',
    negative: 'BSN 111222334 bekend',
  },
  {
    entity: 'PL_PESEL',
    positive: 'PESEL 44051401359 w bazie',
    value: '44051401359',
    negative: 'PESEL 44051401358 w bazie',
  },
  {
    entity: 'TR_TCKN',
    positive: 'TC kimlik 10000000146 kayıtlı',
    value: '10000000146',
    negative: 'TC kimlik 10000000147 kayıtlı',
  },
  {
    entity: 'FI_PERSONAL_IDENTITY_CODE',
    positive: 'henkilötunnus 131052-308T ok',
    value: '131052-308T',
    negative: 'henkilötunnus 131052-308U ok',
  },
  {
    entity: 'SE_PERSONNUMMER',
    positive: 'personnummer 811228-9874 ok',
    value: '811228-9874',
    negative: 'personnummer 811228-9875 ok',
  },
  {
    entity: 'ZA_ID_NUMBER',
    positive: 'ID number 8001015009087 ok',
    value: '8001015009087',
    negative: 'ID number 8001015009088 ok',
  },
  {
    entity: 'TH_TNIN',
    positive: 'national id 1101700203450 ok',
    value: '1101700203450',
    negative: 'national id 1101700203451 ok',
  },
];
